using Accreditation.Research.Indexing;
using Accreditation.Research.Search;

namespace Accreditation.Research.Tests;

/// <summary>The parts of search that need no site: metrics, syntax, spelling distance (highlighting: HighlightingTests).</summary>
public sealed class UnitTests
{
    [Fact]
    public void Ndcg_map_and_recall_match_a_hand_worked_example()
    {
        // Ranked d1 d2 d3 d4; d1 graded 2, d3 and d5 graded 1.
        // DCG@3 = (2^2-1)/log2(2) + 0 + (2^1-1)/log2(4) = 3 + 0.5 = 3.5
        // IDCG@3 = 3 + 1/log2(3) + 1/log2(4) = 4.130930; nDCG@3 = 0.847267
        // AP@10 = (1/1 + 2/3) / 3 = 0.555556; Recall@4 = 2/3
        string[] ranked = ["d1", "d2", "d3", "d4"];
        var grades = new Dictionary<string, int> { ["d1"] = 2, ["d3"] = 1, ["d5"] = 1 };
        Assert.Equal(0.847267, RelevanceMetrics.NdcgAt(ranked, grades, 3), 6);
        Assert.Equal(0.555556, RelevanceMetrics.AveragePrecisionAt(ranked, grades, 10), 6);
        Assert.Equal(2 / 3.0, RelevanceMetrics.RecallAt(ranked, grades, 4), 6);
        Assert.Equal(1.0, RelevanceMetrics.NdcgAt(["d1", "d3", "d5"], grades, 10), 6);
        Assert.Equal(0.0, RelevanceMetrics.NdcgAt(["x"], new Dictionary<string, int>(), 10));
    }

    [Fact]
    public void The_syntax_reads_phrases_fields_and_operators()
    {
        var parsed = SearchSyntax.Parse("\"child in need\" title:neglect -adolescents");
        Assert.Equal(3, parsed.Parts.Count);
        Assert.Equal(new PhraseNode("child in need", null), parsed.Parts[0].Node);
        Assert.Equal(new WordNode("neglect", IndexFields.Title), parsed.Parts[1].Node);
        Assert.Equal(Occurrence.Excluded, parsed.Parts[2].Occurrence);
        var either = SearchSyntax.Parse("neglect OR abuse");
        Assert.True(either.AnyOf);
        Assert.Equal(new WordNode("title", null), Assert.Single(SearchSyntax.Parse("title:").Parts).Node);
        Assert.Equal(new WordNode("unclosed", null), Assert.Single(SearchSyntax.Parse("\"unclosed").Parts).Node);
    }

    [Theory]
    [InlineData("AND OR")]
    [InlineData("((((((((((((((((((((x")]
    [InlineData(")))) OR (((( NOT")]
    [InlineData("title:author:abstract:")]
    [InlineData("\"\"\"\"")]
    [InlineData("+-+-+- !!")]
    public void Compiling_any_text_never_throws(string text)
    {
        using var analyzer = new ResearchAnalyzer();
        using var plain = new PlainAnalyzer();
        var compiler = new QueryCompiler(analyzer, plain, Glossary.Empty, SearchTuning.Default);
        Assert.NotNull(compiler.Compile(text).Query);
        Assert.NotNull(compiler.Compile(new string('(', 5000) + text).Query);
    }

    [Theory]
    [InlineData("child protection", "child protect")]
    [InlineData("the child protection", "child protect")]
    [InlineData("child in need", "child in|in need")]
    [InlineData("Family Group Conferences", "famili group|group confer")]
    [InlineData("looked-after children's", "look after|after children")]
    [InlineData("child", null)]
    [InlineData("the of", null)]
    public void A_phrase_is_searched_by_its_word_pairs_stop_words_kept_inside(string phrase, string? pairs)
    {
        using var analyzer = new ResearchAnalyzer();
        var terms = analyzer.Terms(phrase).Select(t => t.Term).ToList();
        var found = analyzer.PairsOf(phrase, terms);
        Assert.Equal(pairs, found is null ? null : string.Join('|', found));

        // The index makes the same pairs of the same words (so a phrase finds what it says).
        using var pairsAnalyzer = new PairsAnalyzer(analyzer);
        var indexed = ResearchAnalyzer.TermsOf(pairsAnalyzer, IndexFields.PairsOf(IndexFields.Body), "In short: " + phrase + " matters.").Select(t => t.Term).ToList();
        Assert.All(found ?? [], pair => Assert.Contains(pair, indexed));
    }

    [Theory]
    [InlineData("Child protection plans and the child's wishes.")]
    [InlineData("The of and: a to in")]
    [InlineData("In need, the child in need; looked-after children's naïve  Assessment!")]
    [InlineData("")]
    public void A_text_analysed_once_indexes_as_the_two_analyzers_would(string text)
    {
        // One token far over the tokenizer's limit leaves a gap: no pair spans it, and positions count it.
        var texts = new[] { text, text + " " + new string('x', 300) + " family group conference" };
        using var analyzer = new ResearchAnalyzer();
        using var pairsAnalyzer = new PairsAnalyzer(analyzer);
        foreach (var t in texts)
        {
            var analysed = AnalysedText.Of(analyzer, t);
            Assert.Equal(Tokens(analyzer.GetTokenStream(IndexFields.Abstract, t)), Tokens(analysed.Words()));
            Assert.Equal(Tokens(pairsAnalyzer.GetTokenStream(IndexFields.PairsOf(IndexFields.Abstract), t)), Tokens(analysed.Pairs()));
        }

        static List<(string, int, int, int)> Tokens(Lucene.Net.Analysis.TokenStream stream)
        {
            var list = new List<(string, int, int, int)>();
            using (stream)
            {
                var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
                var increment = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
                var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
                stream.Reset();
                while (stream.IncrementToken())
                {
                    list.Add((term.ToString(), increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
                }

                stream.End();
                list.Add(("(end)", increment.PositionIncrement, offset.StartOffset, offset.EndOffset));
            }

            return list;
        }
    }

    [Fact]
    public void A_glossary_line_expands_both_ways_as_phrases()
    {
        using var analyzer = new ResearchAnalyzer();
        using var plain = new PlainAnalyzer();
        var glossary = new Glossary([Glossary.Split("CiN, child in need")], analyzer);
        var compiler = new QueryCompiler(analyzer, plain, glossary, SearchTuning.Default);
        var fromAbbreviation = compiler.Compile("CiN").Query.ToString();
        foreach (var field in IndexFields.Paired)
        {
            Assert.Contains($"{field}.pairs:\"child in in need\"", fromAbbreviation, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"child ? need\"", fromAbbreviation, StringComparison.Ordinal);

        // An index written before the pairs fields existed is searched by positions until its rebuild is in place, and
        // one with the full text's pairs only (format 2) by positions in the other fields.
        var byPositions = new QueryCompiler(analyzer, plain, glossary, SearchTuning.Default, paired: []).Compile("CiN").Query.ToString();
        Assert.Contains("body:\"child ? need\"", byPositions, StringComparison.Ordinal);
        Assert.DoesNotContain(".pairs", byPositions, StringComparison.Ordinal);
        var bodyOnly = new QueryCompiler(analyzer, plain, glossary, SearchTuning.Default, paired: [IndexFields.Body]).Compile("CiN").Query.ToString();
        Assert.Contains("title:\"child ? need\"", bodyOnly, StringComparison.Ordinal);
        Assert.Contains("body.pairs:\"child in in need\"", bodyOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("title.pairs", bodyOnly, StringComparison.Ordinal);
        var fromPhrase = compiler.Compile("child in need plans").Query.ToString();
        Assert.Contains("title:cin", fromPhrase, StringComparison.Ordinal);
        Assert.Contains("title:plan", fromPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public void Spelling_distance_counts_a_swap_as_one_edit()
    {
        Assert.Equal(1, SpellingSuggester.Distance("assesment", "assessment"));
        Assert.Equal(1, SpellingSuggester.Distance("nelgect", "neglect"));
        Assert.Equal(2, SpellingSuggester.Distance("abuse", "abode"));
    }
}
