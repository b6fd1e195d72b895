using System.Runtime.CompilerServices;
using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Accreditation.Research.Search;

/// <summary>
/// "Did you mean": for each word that no item contains, the closest word the index does contain (at most two edits,
/// same first letter; nearest first, then most common), from the spelling field's terms (Lucene's DirectSpellChecker
/// is in the suggest module, which is not available here).
/// </summary>
public static class SpellingSuggester
{
    // Unknown words checked in one search: more than this is not a misspelling to correct, and each costs a comparison
    // against the words of its first letter.
    private const int MaxWordsChecked = 10;

    // Shorter words are not corrected: within an edit or two of a two-letter word lies most of the dictionary.
    private const int MinWordLength = 3;

    // Words up to this length are allowed one edit, longer ones two: two edits turn a four-letter word into too many others.
    private const int OneEditUpTo = 4;

    /// <summary>Suggested replacements for unknown words (word → suggestion); empty when every word is known or nothing is close.</summary>
    public static IReadOnlyDictionary<string, string> Suggest(IndexReader reader, PlainAnalyzer plain, IReadOnlyList<string> words)
    {
        var suggestions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var terms = MultiFields.GetTerms(reader, IndexFields.Spelling);
        if (terms is null)
        {
            return suggestions;
        }

        foreach (var word in words.Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxWordsChecked))
        {
            var analysed = ResearchAnalyzer.TermsOf(plain, IndexFields.Spelling, word);
            if (analysed.Count != 1 || analysed[0].Term.Length < MinWordLength)
            {
                continue;
            }

            var term = new Term(IndexFields.Spelling, analysed[0].Term);
            if (reader.DocFreq(term) > 0 || ResearchAnalyzer.StopWords.Contains(analysed[0].Term))
            {
                continue;
            }

            if (Closest(reader, terms, term.Text) is { } best)
            {
                suggestions[word] = best;
            }
        }

        return suggestions;
    }

    // The spelling field's words, by first letter, read once per index reader (a reader is replaced when the index
    // changes), so a suggestion compares against a few thousand words instead of building Levenshtein automata.
    private static readonly ConditionalWeakTable<IndexReader, Dictionary<char, (string Term, int Frequency)[]>> Dictionaries = new();

    private static string? Closest(IndexReader reader, Terms terms, string text)
    {
        var byLetter = Dictionaries.GetValue(reader, _ => Read(terms));
        if (!byLetter.TryGetValue(text[0], out var candidates))
        {
            return null;
        }

        var maxEdits = text.Length <= OneEditUpTo ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        foreach (var (candidate, frequency) in candidates)
        {
            if (Math.Abs(candidate.Length - text.Length) > maxEdits)
            {
                continue;
            }

            var distance = Distance(text, candidate);
            if (distance <= maxEdits && (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency)))
            {
                best = candidate;
                bestDistance = distance;
                bestFrequency = frequency;
            }
        }

        return best;
    }

    private static Dictionary<char, (string, int)[]> Read(Terms terms)
    {
        var byLetter = new Dictionary<char, List<(string, int)>>();
        var e = terms.GetEnumerator();
        while (e.MoveNext())
        {
            var term = e.Term.Utf8ToString();
            if (term.Length < 3 || term.Length > 30 || char.IsDigit(term[0]))
            {
                continue;
            }

            if (!byLetter.TryGetValue(term[0], out var list))
            {
                byLetter[term[0]] = list = [];
            }

            list.Add((term, e.DocFreq));
        }

        return byLetter.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
