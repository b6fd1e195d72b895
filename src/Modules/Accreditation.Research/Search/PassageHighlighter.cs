using System.Text;
using System.Text.Encodings.Web;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Accreditation.Research.Search;

/// <summary>
/// Finds the best passage of stored text for a search and marks the matched words: the text is analysed again with
/// offsets, the window with the most distinct matched terms wins, everything is HTML-encoded and only the matches are
/// wrapped in &lt;mark&gt;. The output is safe to render as HTML whatever the text holds.
/// </summary>
public static class PassageHighlighter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The whole text, encoded, with matches marked (for titles).</summary>
    public static string Whole(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms) =>
        Whole(text, terms.Count == 0 ? [] : Matches(analyzer, field, text, terms, text.Length));

    // The whole text, encoded, with the given matches (start and end offsets) marked.
    private static string Whole(string text, IReadOnlyList<Match> matches) => Render(text, 0, text.Length, matches);

    /// <summary>
    /// The best passage of about <paramref name="size"/> characters with matches marked, or null when nothing matches.
    /// </summary>
    public static string? BestPassage(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms, int size = 240)
    {
        if (terms.Count == 0 || string.IsNullOrEmpty(text))
        {
            return null;
        }

        // Long texts are scanned up to a limit so a 10 MB full text cannot slow a results page.
        return BestPassage(text, Matches(analyzer, field, text, terms, 200_000), size);
    }

    // The best passage for the matches found, or null when there are none.
    private static string? BestPassage(string text, IReadOnlyList<Match> matches, int size)
    {
        if (matches.Count == 0)
        {
            return null;
        }

        var bestStart = 0;
        var bestScore = -1.0;
        for (var i = 0; i < matches.Count; i++)
        {
            var distinct = new HashSet<string>(StringComparer.Ordinal);
            var total = 0;
            for (var j = i; j < matches.Count && matches[j].End - matches[i].Start <= size; j++)
            {
                distinct.Add(matches[j].Term);
                total++;
            }

            var score = distinct.Count + (0.1 * total);
            if (score > bestScore)
            {
                bestScore = score;
                bestStart = i;
            }
        }

        var first = matches[bestStart];
        var start = Math.Max(0, first.Start - (size / 4));
        if (start > 0)
        {
            var space = text.IndexOf(' ', start);
            start = space >= 0 && space < first.Start ? space + 1 : first.Start;
        }

        var end = Math.Min(text.Length, start + size);
        if (end < text.Length)
        {
            var space = text.LastIndexOf(' ', end);
            end = space > first.End ? space : Math.Max(end, first.End);
        }

        var inside = matches.Where(m => m.Start >= start && m.End <= end).ToList();
        return (start > 0 ? "… " : "") + Render(text, start, end, inside) + (end < text.Length ? " …" : "");
    }

    /// <summary>The start of the text, encoded (for results whose passage has no match).</summary>
    public static string Lead(string text, int size = 240)
    {
        if (text.Length <= size)
        {
            return Encoder.Encode(text);
        }

        var end = text.LastIndexOf(' ', size);
        end = end > size / 2 ? end : size;
        return Encoder.Encode(text[..end]) + " …";
    }

    private static List<Match> Matches(Analyzer analyzer, string field, string text, IReadOnlySet<string> terms, int limit)
    {
        var matches = new List<Match>();
        using var stream = analyzer.GetTokenStream(field, text.Length > limit ? text[..limit] : text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (terms.Contains(value))
            {
                matches.Add(new Match(offset.StartOffset, offset.EndOffset, value));
            }
        }

        stream.End();
        return matches;
    }

    private static string Render(string text, int start, int end, IReadOnlyList<Match> matches)
    {
        var html = new StringBuilder((end - start) + (matches.Count * 13));
        var at = start;
        foreach (var match in matches)
        {
            if (match.Start < at || match.End > end || match.End > text.Length)
            {
                continue;
            }

            html.Append(Encoder.Encode(text[at..match.Start]));
            html.Append("<mark>").Append(Encoder.Encode(text[match.Start..match.End])).Append("</mark>");
            at = match.End;
        }

        html.Append(Encoder.Encode(text[at..end]));
        return html.ToString();
    }

    // A matched word: where it starts and ends in the text, and the analysed term it matched.
    private readonly record struct Match(int Start, int End, string Term);
}
