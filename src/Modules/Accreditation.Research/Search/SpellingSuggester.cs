using Accreditation.Research.Indexing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Accreditation.Research.Search;

/// <summary>
/// "Did you mean": for each word that no item contains, the closest word the index does contain (at most two edits,
/// same first letter; nearest first, then most common), read from the spelling field's terms.
/// </summary>
public static class SpellingSuggester
{
    /// <summary>Suggested replacements for unknown words (word → suggestion); empty when every word is known or nothing is close.</summary>
    public static IReadOnlyDictionary<string, string> Suggest(IndexReader reader, PlainAnalyzer plain, IReadOnlyList<string> words)
    {
        var suggestions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var terms = MultiFields.GetTerms(reader, IndexFields.Spelling);
        if (terms is null)
        {
            return suggestions;
        }

        foreach (var word in words.Distinct(StringComparer.OrdinalIgnoreCase).Take(10))
        {
            var analysed = ResearchAnalyzer.TermsOf(plain, IndexFields.Spelling, word);
            if (analysed.Count != 1 || analysed[0].Term.Length < 3)
            {
                continue;
            }

            var term = new Term(IndexFields.Spelling, analysed[0].Term);
            if (reader.DocFreq(term) > 0 || ResearchAnalyzer.StopWords.Contains(analysed[0].Term))
            {
                continue;
            }

            if (Closest(terms, term) is { } best)
            {
                suggestions[word] = best;
            }
        }

        return suggestions;
    }

    private static string? Closest(Terms terms, Term term)
    {
        var text = term.Text;
        var maxEdits = text.Length <= 4 ? 1 : 2;
        var fuzzy = new FuzzyTermsEnum(terms, new AttributeSource(), term, maxEdits, 1, true);
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestFrequency = 0;
        var seen = 0;
        while (fuzzy.MoveNext() && seen++ < 500)
        {
            var value = fuzzy.Term.Utf8ToString();
            var distance = Distance(text, value);
            var frequency = fuzzy.DocFreq;
            if (distance < bestDistance || (distance == bestDistance && frequency > bestFrequency))
            {
                best = value;
                bestDistance = distance;
                bestFrequency = frequency;
            }
        }

        return best;
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
