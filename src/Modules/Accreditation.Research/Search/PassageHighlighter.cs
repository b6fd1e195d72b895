using System.Text;
using System.Text.Encodings.Web;
using Lucene.Net.Analysis;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Accreditation.Research.Search;

/// <summary>
/// Finds the best passage of stored text for a search and marks the matched words. Which words match is decided by
/// Lucene's highlighter (its <see cref="QueryScorer"/> over the search's query, with phrases read by position): a
/// phrase or a glossary form is marked only where its words stand together, stems and folded accents match as they do
/// in the search, excluded words are not marked. The passage is chosen here: the window of about
/// <see cref="PassageLength"/> characters with the most distinct matched terms, starting a little before its first
/// match (Lucene's fragments are cut on a fixed grid and can split a group of matches in two). Everything is
/// HTML-encoded and only the matches are wrapped in &lt;mark&gt;: the output is safe to render whatever the text holds.
/// </summary>
public static class PassageHighlighter
{
    /// <summary>The length of a passage in characters: about three lines of a results page.</summary>
    public const int PassageLength = 240;

    /// <summary>How much of a long text is read for matches, so a 10 MB full text cannot slow a results page.</summary>
    public const int MaxCharactersRead = 200_000;

    // Of two windows with as many distinct terms, the one with more matches wins: a tenth of a point a match, so one
    // more distinct term outweighs up to nine more repeats.
    private const double RepeatWeight = 0.1;

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The whole text, encoded, with the matches of <paramref name="query"/> marked (for titles).</summary>
    public static string Whole(Analyzer analyzer, string field, string text, Query? query) =>
        Render(text, 0, text.Length, query is null ? [] : Matches(analyzer, field, text, query, text.Length));

    /// <summary>
    /// The best passage of about <paramref name="size"/> characters with the matches of <paramref name="query"/>
    /// marked, or null when nothing matches.
    /// </summary>
    public static string? BestPassage(Analyzer analyzer, string field, string text, Query? query, int size = PassageLength)
    {
        if (query is null || string.IsNullOrEmpty(text))
        {
            return null;
        }

        return BestPassage(text, Matches(analyzer, field, text, query, MaxCharactersRead), size);
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

            var score = distinct.Count + (RepeatWeight * total);
            if (score > bestScore)
            {
                bestScore = score;
                bestStart = i;
            }
        }

        // The passage starts up to a quarter of its length before its first match (at a word), so the match is read
        // in its sentence rather than at the passage's edge.
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
    public static string Lead(string text, int size = PassageLength)
    {
        if (text.Length <= size)
        {
            return Encoder.Encode(text);
        }

        // Cut at the last space, unless that would leave less than half a passage (one very long word).
        var end = text.LastIndexOf(' ', size);
        end = end > size / 2 ? end : size;
        return Encoder.Encode(text[..end]) + " …";
    }

    // The words of the text the query matches, as Lucene's highlighter scores them (a score above zero: the token
    // takes part in a match of the query in this field).
    private static List<Match> Matches(Analyzer analyzer, string field, string text, Query query, int limit)
    {
        var recorder = new MatchRecorder();
        var highlighter = new Highlighter(recorder, new DefaultEncoder(), new QueryScorer(query, field))
        {
            TextFragmenter = new NullFragmenter(), // one fragment: the passage is chosen by BestPassage
            MaxDocCharsToAnalyze = limit,
        };
        try
        {
            highlighter.GetBestTextFragments(analyzer.GetTokenStream(field, text), text, false, 1);
        }
        catch (InvalidTokenOffsetsException)
        {
            return []; // the analyser's offsets disagree with the text: show it unmarked rather than fail the page
        }

        return recorder.Matches;
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

    // Lucene's highlighter hands every token (or group of tokens at the same place) to a formatter with its score; this
    // one writes nothing and keeps where the matched ones are.
    private sealed class MatchRecorder : IFormatter
    {
        public List<Match> Matches { get; } = [];

        public string HighlightTerm(string originalText, TokenGroup tokenGroup)
        {
            if (tokenGroup.TotalScore > 0)
            {
                Matches.Add(new Match(tokenGroup.StartOffset, tokenGroup.EndOffset, tokenGroup.GetToken(0).ToString()));
            }

            return originalText;
        }
    }
}
