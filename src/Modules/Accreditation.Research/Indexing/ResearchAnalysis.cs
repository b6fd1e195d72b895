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
public sealed class ResearchAnalyzer(EnglishStemmer stemmer = ResearchAnalyzer.DefaultStemmer) : Analyzer
{
    /// <summary>The Lucene version the analysis follows.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The stemmer the library uses (Porter won on the relevance sample; see the report in RelevanceHarness).</summary>
    public const EnglishStemmer DefaultStemmer = EnglishStemmer.Porter;

    /// <summary>English stop words (Lucene's default English list).</summary>
    public static readonly CharArraySet StopWords = StopAnalyzer.ENGLISH_STOP_WORDS_SET;

    /// <summary>The stemmer in use.</summary>
    public EnglishStemmer Stemmer { get; } = stemmer;

    /// <inheritdoc />
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = Stemmer switch
        {
            EnglishStemmer.Porter => new PorterStemFilter(stream),
            EnglishStemmer.KStem => new KStemFilter(stream),
            EnglishStemmer.Minimal => new EnglishMinimalStemFilter(stream),
            _ => stream,
        };
        return new TokenStreamComponents(tokenizer, stream);
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
    public static Analyzer Create(ResearchAnalyzer text, PlainAnalyzer plain) =>
        new PerFieldAnalyzerWrapper(text, new Dictionary<string, Analyzer>
        {
            [IndexFields.Authors] = plain,
            [IndexFields.Spelling] = plain,
        });
}
