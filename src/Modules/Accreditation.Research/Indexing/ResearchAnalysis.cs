using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Accreditation.Research.Indexing;

/// <summary>Which English stemmer the analyzer ends with (chosen by the relevance harness; see docs in RelevanceHarness).</summary>
public enum EnglishStemmer
{
    /// <summary>No stemming.</summary>
    None,

    /// <summary>Plural forms only (EnglishMinimalStemFilter).</summary>
    Minimal,

    /// <summary>Krovetz: inflections and some derivations, real words out.</summary>
    KStem,

    /// <summary>Porter: aggressive suffix stripping ("assessing", "assessment" → "assess").</summary>
    Porter,
}

/// <summary>
/// The research library's text analysis: standard tokenizer, English possessive filter, lower case, ASCII folding,
/// English stop words and an English stemmer. The same chain indexes documents and analyses queries; the glossary's
/// synonyms are expanded on the query side by <see cref="Search.Glossary"/> (see there for why).
/// </summary>
public sealed class ResearchAnalyzer : Analyzer
{
    private readonly Lazy<Analyzer> keepingStopWords;

    /// <summary>Creates the analyzer with the given stemmer.</summary>
    public ResearchAnalyzer(EnglishStemmer stemmer = DefaultStemmer)
    {
        Stemmer = stemmer;
        keepingStopWords = new Lazy<Analyzer>(() => new KeepingStopWordsAnalyzer(this));
    }

    /// <summary>The Lucene version the analysis follows.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The stemmer the library uses (Porter won on the relevance sample; see the report in RelevanceHarness).</summary>
    public const EnglishStemmer DefaultStemmer = EnglishStemmer.Porter;

    /// <summary>English stop words (Lucene's default English list).</summary>
    public static readonly CharArraySet StopWords = StopAnalyzer.ENGLISH_STOP_WORDS_SET;

    /// <summary>The positions left between two values of a field (topics), so no phrase spans two of them.</summary>
    public const int ValueGap = 100;

    /// <summary>The stemmer in use.</summary>
    public EnglishStemmer Stemmer { get; }

    /// <summary>The same chain with stop words kept, marked as keywords (what <see cref="AnalysedText"/> reads).</summary>
    internal Analyzer KeepingStopWords => keepingStopWords.Value;

    /// <inheritdoc />
    public override int GetPositionIncrementGap(string fieldName) => ValueGap;

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        return new TokenStreamComponents(tokenizer, Chain(tokenizer, keepStopWords: false));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && keepingStopWords.IsValueCreated)
        {
            keepingStopWords.Value.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class KeepingStopWordsAnalyzer(ResearchAnalyzer words) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(tokenizer, words.Chain(tokenizer, keepStopWords: true));
        }
    }

    /// <summary>
    /// The chain after the tokenizer. With <paramref name="keepStopWords"/> (the word pairs' words), stop words stay in
    /// the stream, marked as keywords so the stemmer leaves them as they are; otherwise they are removed.
    /// </summary>
    internal TokenStream Chain(Tokenizer tokenizer, bool keepStopWords)
    {
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = keepStopWords ? new SetKeywordMarkerFilter(stream, StopWords) : new StopFilter(Version, stream, StopWords);
        return Stemmer switch
        {
            EnglishStemmer.Porter => new PorterStemFilter(stream),
            EnglishStemmer.KStem => new KStemFilter(stream),
            EnglishStemmer.Minimal => new EnglishMinimalStemFilter(stream),
            _ => stream,
        };
    }

    /// <summary>
    /// The word pairs a phrase is searched by in the pairs fields (see <see cref="PairsAnalyzer"/>): consecutive words
    /// of the text, stop words included, after leading and trailing stop words are dropped. Null when the phrase has
    /// fewer than two words left, or when its words are not <paramref name="terms"/> (the analysed terms the phrase is
    /// searched by elsewhere), so a phrase is searched the same way in every field.
    /// </summary>
    public string[]? PairsOf(string text, IReadOnlyList<string> terms)
    {
        var words = new List<(string Term, bool Stop)>();
        using (var stream = Chain(new StandardTokenizer(Version, new StringReader(text)), keepStopWords: true))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var keyword = stream.AddAttribute<IKeywordAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                words.Add((term.ToString(), keyword.IsKeyword));
            }

            stream.End();
        }

        var first = words.FindIndex(w => !w.Stop);
        var last = words.FindLastIndex(w => !w.Stop);
        if (first < 0 || last <= first || !words.Where(w => !w.Stop).Select(w => w.Term).SequenceEqual(terms, StringComparer.Ordinal))
        {
            return null;
        }

        var pairs = new string[last - first];
        for (var i = first; i < last; i++)
        {
            pairs[i - first] = words[i].Term + " " + words[i + 1].Term;
        }

        return pairs;
    }

    /// <summary>Analyses text into its terms and position increments (for query building and the glossary).</summary>
    public IReadOnlyList<(string Term, int PositionIncrement)> Terms(string text, string field = IndexFields.Body) => TermsOf(this, field, text);

    /// <summary>Analyses text with any analyzer into terms and position increments.</summary>
    public static IReadOnlyList<(string Term, int PositionIncrement)> TermsOf(Analyzer analyzer, string field, string text)
    {
        var terms = new List<(string, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add((term.ToString(), increment.PositionIncrement));
        }

        stream.End();
        return terms;
    }
}

/// <summary>
/// The pairs fields: every two consecutive words of the text as one term ("child protect", "child in", "in need"), with
/// the research analysis except that stop words are kept (and not stemmed). A phrase is then searched by its pairs: a
/// two-word phrase is one term, whose postings are as short as the phrase is rare, instead of the positions of two
/// common words compared in every item holding both; longer phrases are a phrase of pairs. Stop words inside a phrase
/// must match as typed ("child in need" does not find "child of need").
/// </summary>
public sealed class PairsAnalyzer(ResearchAnalyzer words) : Analyzer
{
    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(ResearchAnalyzer.Version, reader);
        return new TokenStreamComponents(tokenizer, new WordPairsFilter(words.Chain(tokenizer, keepStopWords: true)));
    }

    /// <inheritdoc />
    public override int GetPositionIncrementGap(string fieldName) => ResearchAnalyzer.ValueGap;
}

/// <summary>Names, and the spelling field: standard tokenizer, lower case and ASCII folding, no stemming or stop words.</summary>
public sealed class PlainAnalyzer : Analyzer
{
    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(ResearchAnalyzer.Version, reader);
        TokenStream stream = new LowerCaseFilter(ResearchAnalyzer.Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }
}

/// <summary>The analyzers of every field: plain for authors and spelling, the research analyzer for the rest.</summary>
public static class FieldAnalyzers
{
    /// <summary>Builds the per-field analyzer used by the index writer.</summary>
    public static Analyzer Create(ResearchAnalyzer text, PlainAnalyzer plain, PairsAnalyzer pairs)
    {
        var fields = new Dictionary<string, Analyzer>
        {
            [IndexFields.Authors] = plain,
            [IndexFields.Spelling] = plain,
        };
        foreach (var field in IndexFields.Paired)
        {
            fields[IndexFields.PairsOf(field)] = pairs;
        }

        return new PerFieldAnalyzerWrapper(text, fields);
    }
}

/// <summary>
/// Turns a stream of words into the stream of its consecutive pairs ("child", "in", "need" → "child in", "in need"),
/// each at the position of its first word with the offsets of both; no pair spans a gap. Lucene's ShingleFilter does
/// this and more (any sizes, fillers, unigrams); with it a rebuild of 50,000 items took 8% longer.
/// </summary>
internal sealed class WordPairsFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private readonly IPositionIncrementAttribute increment;
    private char[] previous = new char[32];
    private char[] current = new char[32];
    private int previousLength = -1;
    private int previousStart;

    public WordPairsFilter(TokenStream input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            var length = term.Length;
            if (current.Length < length)
            {
                current = new char[ArrayUtil.Oversize(length, sizeof(char))];
            }

            Array.Copy(term.Buffer, current, length);
            var start = offset.StartOffset;
            var paired = previousLength >= 0 && increment.PositionIncrement == 1;
            if (paired)
            {
                var buffer = term.ResizeBuffer(previousLength + 1 + length);
                Array.Copy(previous, buffer, previousLength);
                buffer[previousLength] = ' ';
                Array.Copy(current, 0, buffer, previousLength + 1, length);
                term.Length = previousLength + 1 + length;
                offset.SetOffset(previousStart, offset.EndOffset);
                increment.PositionIncrement = 1;
            }

            (previous, current) = (current, previous);
            previousLength = length;
            previousStart = start;
            if (paired)
            {
                return true;
            }
        }

        return false;
    }

    public override void Reset()
    {
        base.Reset();
        previousLength = -1;
    }
}


/// <summary>
/// A text analysed once for the two fields indexed from it: its words (as <see cref="ResearchAnalyzer"/> gives them,
/// stop words removed and their positions kept) and its word pairs (as <see cref="PairsAnalyzer"/> gives them). The
/// research chain runs once with stop words kept and marked, and both fields replay its tokens, so indexing analyses
/// each text once instead of twice.
/// </summary>
internal sealed class AnalysedText
{
    private char[] chars = new char[256];
    private int charCount;
    private int[] starts = new int[32];
    private int[] lengths = new int[32];
    private int[] increments = new int[32];
    private int[] startOffsets = new int[32];
    private int[] endOffsets = new int[32];
    private bool[] stops = new bool[32];
    private int count;
    private int finalOffset;

    private AnalysedText()
    {
    }

    /// <summary>Analyses a text with the research chain, stop words kept (see <see cref="ResearchAnalyzer.KeepingStopWords"/>).</summary>
    public static AnalysedText Of(ResearchAnalyzer analyzer, string text)
    {
        var analysed = new AnalysedText();
        using var stream = analyzer.KeepingStopWords.GetTokenStream(IndexFields.Body, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var keyword = stream.AddAttribute<IKeywordAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            analysed.Add(term.Buffer, term.Length, keyword.IsKeyword, increment.PositionIncrement, offset.StartOffset, offset.EndOffset);
        }

        stream.End();
        analysed.finalOffset = offset.EndOffset;
        return analysed;
    }

    /// <summary>The words field's tokens.</summary>
    public TokenStream Words() => new Replay(this, pairs: false);

    /// <summary>The pairs field's tokens.</summary>
    public TokenStream Pairs() => new Replay(this, pairs: true);

    private void Add(char[] buffer, int length, bool stop, int increment, int start, int end)
    {
        if (count == starts.Length)
        {
            var size = count * 2;
            Array.Resize(ref starts, size);
            Array.Resize(ref lengths, size);
            Array.Resize(ref increments, size);
            Array.Resize(ref startOffsets, size);
            Array.Resize(ref endOffsets, size);
            Array.Resize(ref stops, size);
        }

        if (charCount + length > chars.Length)
        {
            Array.Resize(ref chars, Math.Max(chars.Length * 2, charCount + length));
        }

        Array.Copy(buffer, 0, chars, charCount, length);
        starts[count] = charCount;
        lengths[count] = length;
        increments[count] = increment;
        startOffsets[count] = start;
        endOffsets[count] = end;
        stops[count] = stop;
        charCount += length;
        count++;
    }

    private sealed class Replay : TokenStream
    {
        private readonly AnalysedText text;
        private readonly bool pairs;
        private readonly ICharTermAttribute term;
        private readonly IPositionIncrementAttribute increment;
        private readonly IOffsetAttribute offset;
        private int next;
        private int skipped;

        public Replay(AnalysedText text, bool pairs)
        {
            this.text = text;
            this.pairs = pairs;
            term = AddAttribute<ICharTermAttribute>();
            increment = AddAttribute<IPositionIncrementAttribute>();
            offset = AddAttribute<IOffsetAttribute>();
        }

        public override bool IncrementToken()
        {
            var t = text;
            while (next < t.count)
            {
                var k = next++;
                if (pairs)
                {
                    // A pair of this token and the one before it, unless a gap (a skipped token) lies between them.
                    if (k == 0 || t.increments[k] != 1)
                    {
                        continue;
                    }

                    ClearAttributes();
                    var first = t.lengths[k - 1];
                    var buffer = term.ResizeBuffer(first + 1 + t.lengths[k]);
                    Array.Copy(t.chars, t.starts[k - 1], buffer, 0, first);
                    buffer[first] = ' ';
                    Array.Copy(t.chars, t.starts[k], buffer, first + 1, t.lengths[k]);
                    term.Length = first + 1 + t.lengths[k];
                    increment.PositionIncrement = 1;
                    offset.SetOffset(t.startOffsets[k - 1], t.endOffsets[k]);
                    return true;
                }

                // Words: stop words are left out, their positions added to the next word's (as the stop filter does).
                skipped += t.increments[k];
                if (t.stops[k])
                {
                    continue;
                }

                ClearAttributes();
                term.CopyBuffer(t.chars, t.starts[k], t.lengths[k]);
                increment.PositionIncrement = skipped;
                skipped = 0;
                offset.SetOffset(t.startOffsets[k], t.endOffsets[k]);
                return true;
            }

            return false;
        }

        public override void End()
        {
            base.End();
            increment.PositionIncrement = pairs ? 0 : skipped;
            offset.SetOffset(text.finalOffset, text.finalOffset);
        }

        public override void Reset()
        {
            base.Reset();
            next = 0;
            skipped = 0;
        }
    }
}
