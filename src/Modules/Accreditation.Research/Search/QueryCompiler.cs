using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Accreditation.Research.Search;

/// <summary>
/// Turns a parsed search into a Lucene query: each word or phrase is searched across the weighted fields (a
/// disjunction-max with a tie breaker), glossary terms expand to all their equivalents, plain words follow the
/// minimum-should-match rule, AND/+ are required, NOT/- excluded. Phrases are searched by their word pairs in the
/// fields the index keeps them for (<paramref name="paired"/>, by default every text field; see
/// <see cref="PairsAnalyzer"/>), otherwise by positions.
/// </summary>
public sealed class QueryCompiler(ResearchAnalyzer analyzer, PlainAnalyzer plain, Glossary glossary, SearchTuning tuning, IReadOnlyCollection<string>? paired = null)
{
    private readonly IReadOnlyCollection<string> pairedFields = paired ?? IndexFields.Paired;
    private readonly List<string> words = [];

    /// <summary>Compiles the text the person typed.</summary>
    public CompiledQuery Compile(string? text)
    {
        words.Clear();
        var parsed = SearchSyntax.Parse(text);
        var query = CompileGroup(parsed, Occurrence.Default);
        if (query is null)
        {
            return new CompiledQuery(new MatchAllDocsQuery(), null, [], IsEmpty: true);
        }

        // The highlighter re-analyses a result's text, which has no word pairs: it is given the same search by positions.
        var highlight = pairedFields.Count == 0 ? query : new QueryCompiler(analyzer, plain, glossary, tuning, paired: []).Compile(text).Query;
        return new CompiledQuery(query, highlight, words.ToList(), IsEmpty: false);
    }

    private Query? CompileGroup(GroupNode group, Occurrence context)
    {
        if (group.AnyOf)
        {
            var any = new BooleanQuery();
            foreach (var (node, _) in group.Parts)
            {
                if (CompileNode(node, context) is { } q)
                {
                    any.Add(q, Occur.SHOULD);
                }
            }

            return any.Clauses.Count switch
            {
                0 => null,
                1 => any.Clauses[0].Query,
                _ => any,
            };
        }

        var should = new List<Query>();
        var must = new List<Query>();
        var mustNot = new List<Query>();
        var run = new List<string>();

        void FlushRun()
        {
            if (run.Count > 0)
            {
                should.AddRange(CompileWords(run, null, context == Occurrence.Excluded));
                run.Clear();
            }
        }

        foreach (var (node, occurrence) in group.Parts)
        {
            if (occurrence == Occurrence.Default && node is WordNode { Field: null } word)
            {
                run.Add(word.Text); // consecutive plain words are read together, so glossary phrases match across them
                continue;
            }

            FlushRun();
            var excluded = occurrence == Occurrence.Excluded || context == Occurrence.Excluded;
            var compiled = node switch
            {
                GroupNode inner => CompileGroup(inner, excluded ? Occurrence.Excluded : occurrence),
                _ => CompileNode(node, excluded ? Occurrence.Excluded : occurrence),
            };
            if (compiled is null)
            {
                continue;
            }

            (occurrence switch
            {
                Occurrence.Required => must,
                Occurrence.Excluded => mustNot,
                _ => should,
            }).Add(compiled);
        }

        FlushRun();
        if (should.Count + must.Count + mustNot.Count == 0)
        {
            return null;
        }

        if (should.Count == 1 && must.Count == 0 && mustNot.Count == 0)
        {
            return should[0];
        }

        var query = new BooleanQuery();
        foreach (var q in must)
        {
            query.Add(q, Occur.MUST);
        }

        foreach (var q in should)
        {
            query.Add(q, Occur.SHOULD);
        }

        foreach (var q in mustNot)
        {
            query.Add(q, Occur.MUST_NOT);
        }

        if (should.Count > 0)
        {
            query.MinimumNumberShouldMatch = must.Count > 0 ? 0 : Math.Max(1, tuning.MinimumShouldMatch(should.Count));
        }

        if (must.Count == 0 && should.Count == 0)
        {
            query.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return query;
    }

    private Query? CompileNode(SearchNode node, Occurrence context) => node switch
    {
        GroupNode group => CompileGroup(group, context),
        WordNode word => Combine(CompileWords([word.Text], word.Field, context == Occurrence.Excluded)),
        PhraseNode phrase => CompilePhrase(phrase),
        _ => null,
    };

    private static Query? Combine(List<Query> queries)
    {
        if (queries.Count <= 1)
        {
            return queries.Count == 0 ? null : queries[0];
        }

        var all = new BooleanQuery();
        foreach (var q in queries)
        {
            all.Add(q, Occur.MUST);
        }

        return all;
    }

    // Words: analysed together; glossary matches become concepts; each remaining word is a term (or a phrase when
    // the analyser splits it, e.g. "looked-after").
    private List<Query> CompileWords(List<string> raw, string? field, bool excluded)
    {
        var queries = new List<Query>();
        if (field == IndexFields.Authors)
        {
            foreach (var word in raw)
            {
                var terms = ResearchAnalyzer.TermsOf(plain, IndexFields.Authors, word);
                if (terms.Count > 0)
                {
                    queries.Add(FieldQuery(new Unit(terms.Select(t => t.Term).ToArray(), Positions(terms.Select(t => t.PositionIncrement).ToArray()), null, null), IndexFields.Authors));
                }
            }

            return queries;
        }

        var analysed = new List<(string Term, int Increment, int Word)>();
        for (var w = 0; w < raw.Count; w++)
        {
            if (!excluded)
            {
                words.Add(raw[w]);
            }

            foreach (var (term, increment) in analyzer.Terms(raw[w]))
            {
                analysed.Add((term, increment, w));
            }
        }

        var termList = analysed.Select(a => a.Term).ToList();
        var i = 0;
        while (i < analysed.Count)
        {
            if (glossary.Match(termList, i) is { } match)
            {
                queries.Add(Concept(match.Variants, field));
                i += match.Length;
                continue;
            }

            var w = analysed[i].Word;
            var j = i;
            while (j < analysed.Count && analysed[j].Word == w && (j == i || glossary.Match(termList, j) is null))
            {
                j++;
            }

            var slice = analysed.Skip(i).Take(j - i).ToList();
            var sliceTerms = slice.Select(s => s.Term).ToArray();
            var increments = slice.Select(s => s.Increment).ToArray();
            var unit = new Unit(sliceTerms, Positions(increments), j - i == 1 ? raw[w] : null, PairsFor(sliceTerms, increments, raw[w]));
            queries.Add(Fields(unit, field));
            i = j;
        }

        return queries;
    }

    private Query? CompilePhrase(PhraseNode phrase)
    {
        if (phrase.Field == IndexFields.Authors)
        {
            var terms = ResearchAnalyzer.TermsOf(plain, IndexFields.Authors, phrase.Text);
            return terms.Count == 0 ? null : FieldQuery(new Unit(terms.Select(t => t.Term).ToArray(), Positions(terms.Select(t => t.PositionIncrement).ToArray()), null, null), IndexFields.Authors);
        }

        var analysed = analyzer.Terms(phrase.Text);
        if (analysed.Count == 0)
        {
            return null;
        }

        var termList = analysed.Select(a => a.Term).ToList();
        if (glossary.Match(termList, 0) is { } match && match.Length == termList.Count)
        {
            return Concept(match.Variants, phrase.Field);
        }

        var phraseIncrements = analysed.Select(a => a.PositionIncrement).ToArray();
        return Fields(new Unit(termList.ToArray(), Positions(phraseIncrements), null, PairsFor(termList.ToArray(), phraseIncrements, phrase.Text)), phrase.Field);
    }

    private DisjunctionMaxQuery Concept(IReadOnlyList<Glossary.Variant> variants, string? field)
    {
        var max = new DisjunctionMaxQuery(0f);
        for (var v = 0; v < variants.Count; v++)
        {
            var q = Fields(new Unit(variants[v].Terms, Positions(variants[v].Increments), null, variants[v].Pairs), field);
            q.Boost = v == 0 ? 1f : tuning.Synonym;
            max.Add(q);
        }

        return max;
    }

    private Query Fields(Unit unit, string? field)
    {
        if (field is not null)
        {
            return FieldQuery(unit, field);
        }

        var max = new DisjunctionMaxQuery(tuning.TieBreaker);
        foreach (var f in IndexFields.Searched)
        {
            Query q;
            if (f == IndexFields.Authors)
            {
                if (unit.Raw is null || ResearchAnalyzer.TermsOf(plain, f, unit.Raw) is not [{ } only])
                {
                    continue;
                }

                q = new TermQuery(new Term(f, only.Term));
            }
            else
            {
                q = FieldQuery(unit, f);
            }

            q.Boost = tuning.WeightOf(f);
            max.Add(q);
        }

        return max;
    }

    private Query FieldQuery(Unit unit, string field)
    {
        if (unit.Terms.Length == 1)
        {
            return new TermQuery(new Term(field, unit.Terms[0]));
        }

        if (unit.Pairs is { Length: > 0 } wordPairs && pairedFields.Contains(field))
        {
            var pairsField = IndexFields.PairsOf(field);
            if (wordPairs.Length == 1)
            {
                return new TermQuery(new Term(pairsField, wordPairs[0]));
            }

            var ofPairs = new PhraseQuery();
            foreach (var pair in wordPairs)
            {
                ofPairs.Add(new Term(pairsField, pair));
            }

            return ofPairs;
        }

        if (pairedFields.Contains(field))
        {
            // The words fields of an index with pairs keep no positions. Two words or more always have pairs (this is
            // a safeguard): every word is then required.
            var all = new BooleanQuery();
            foreach (var term in unit.Terms)
            {
                all.Add(new TermQuery(new Term(field, term)), Occur.MUST);
            }

            return all;
        }

        var phrase = new PhraseQuery();
        for (var i = 0; i < unit.Terms.Length; i++)
        {
            phrase.Add(new Term(field, unit.Terms[i]), unit.Positions[i]);
        }

        return phrase;
    }

    // A phrase's word pairs: its consecutive terms when no stop word was dropped between them, otherwise read again
    // from the text (the pairs keep stop words); null when neither gives them (then the phrase is matched by positions).
    private string[]? PairsFor(string[] terms, int[] increments, string? text)
    {
        if (terms.Length < 2)
        {
            return null;
        }

        if (increments.Skip(1).All(i => i == 1))
        {
            var consecutive = new string[terms.Length - 1];
            for (var i = 0; i < consecutive.Length; i++)
            {
                consecutive[i] = terms[i] + " " + terms[i + 1];
            }

            return consecutive;
        }

        return text is null ? null : analyzer.PairsOf(text, terms);
    }

    private static int[] Positions(int[] increments)
    {
        var positions = new int[increments.Length];
        var position = -1;
        for (var i = 0; i < increments.Length; i++)
        {
            position += i == 0 ? 1 : Math.Max(1, increments[i]);
            positions[i] = position;
        }

        return positions;
    }

    private sealed record Unit(string[] Terms, int[] Positions, string? Raw, string[]? Pairs);
}
