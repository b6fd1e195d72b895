using Accreditation.Research.Indexing;
using Accreditation.Research.Search;
using Lucene.Net.Search.Highlight;

namespace Accreditation.Research.Tests;

/// <summary>
/// How results mark what was searched for: Lucene's highlighter decides which words match (phrases and glossary forms
/// only where their words stand together, stems, no excluded words); the passage is chosen and encoded by
/// <see cref="PassageHighlighter"/>, where Lucene's own fragments fall short.
/// </summary>
public sealed class HighlightingTests : IDisposable
{
    private static readonly string Filler = string.Concat(Enumerable.Repeat("Nothing relevant here at all. ", 40));
    private readonly ResearchAnalyzer analyzer = new();
    private readonly PlainAnalyzer plain = new();
    private readonly Glossary glossary;

    public HighlightingTests() => glossary = new Glossary(Glossary.Defaults.Select(Glossary.Split), analyzer);

    public void Dispose()
    {
        analyzer.Dispose();
        plain.Dispose();
    }

    [Fact]
    public void A_phrase_is_marked_where_its_words_stand_together_and_nowhere_else()
    {
        Assert.Equal(
            "The child&#x27;s wishes were heard. <mark>Child</mark> <mark>protection</mark> plans were reviewed. Protection of data matters.",
            Passage("\"child protection\"", "The child's wishes were heard. Child protection plans were reviewed. Protection of data matters."));
    }

    [Fact]
    public void A_word_marks_the_other_forms_of_its_stem_and_accents_do_not_matter()
    {
        Assert.Equal("Sexual <mark>exploitation</mark> of young people.", Passage("exploited", "Sexual exploitation of young people."));
        Assert.Equal("<mark>Naïve</mark> questions in supervision", Whole("naive", "Naïve questions in supervision"));
    }

    [Fact]
    public void A_glossary_term_marks_each_of_its_forms_where_they_stand_together()
    {
        const string text = "Work on child sexual exploitation (CSE) in Leeds; the child was safe.";
        const string marked = "Work on <mark>child</mark> <mark>sexual</mark> <mark>exploitation</mark> (<mark>CSE</mark>) in Leeds; the child was safe.";
        Assert.Equal(marked, Passage("CSE", text));
        Assert.Equal(marked, Passage("child sexual exploitation", text));
    }

    [Fact]
    public void Excluded_words_and_words_searched_in_another_field_are_not_marked()
    {
        Assert.Equal("<mark>Neglect</mark> and poverty.", Passage("neglect -poverty", "Neglect and poverty."));
        Assert.Null(Passage("title:poverty", "Neglect and poverty."));
    }

    [Fact]
    public void Everything_is_encoded_and_only_the_matches_are_marked()
    {
        Assert.Equal("&lt;b onmouseover=&quot;x&quot;&gt;<mark>Assessing</mark>&lt;/b&gt; &amp; more",
            Whole("assessment", "<b onmouseover=\"x\">Assessing</b> & more"));
        Assert.Equal("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>risk</mark> &amp; more",
            Passage("risk", "<script>alert('x')</script> risk & more"));
        Assert.Equal("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", PassageHighlighter.Lead("<script>alert('x')</script>"));
        Assert.Null(Passage("neglect", "no match"));
        Assert.Null(Passage("", "no search, nothing to mark"));
    }

    [Fact]
    public void A_long_text_gives_the_passage_with_the_most_searched_words_not_the_first_match()
    {
        var text = Filler + "One neglect case. " + Filler + "Neglect and the assessment of adolescents. " + Filler;
        var passage = Passage("neglect assessment adolescents", text)!;
        Assert.Contains("<mark>Neglect</mark> and the <mark>assessment</mark> of <mark>adolescents</mark>", passage, StringComparison.Ordinal);
        Assert.DoesNotContain("One", passage, StringComparison.Ordinal);
        Assert.StartsWith("… ", passage, StringComparison.Ordinal);
        Assert.EndsWith(" …", passage, StringComparison.Ordinal);
        Assert.True(passage.Length < 400, passage);
    }

    [Fact]
    public void Lucenes_own_fragments_can_split_a_group_of_matches_which_the_passage_keeps_whole()
    {
        // Lucene's fragmenter cuts the text every 240 characters (it keeps a phrase whole, not a group of words): here
        // the group of three searched words straddles a cut at 1,200, so no fragment of Lucene's holds all three.
        var text = string.Concat(Enumerable.Repeat("Nothing relevant here at all. ", 39)) + "Yes then. " + "Neglect and the assessment of adolescents. " + Filler;
        const string search = "neglect assessment adolescents";
        var query = Compiler().Compile(search).HighlightQuery!;
        var scorer = new QueryScorer(query, IndexFields.Body);
        var lucene = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), scorer) { TextFragmenter = new SimpleSpanFragmenter(scorer, PassageHighlighter.PassageLength) };
        var fragments = lucene.GetBestTextFragments(analyzer.GetTokenStream(IndexFields.Body, text), text, false, 10)
            .Where(f => f is { Score: > 0 }).Select(f => f.ToString()).ToList();
        Assert.True(fragments.Count >= 2, string.Join(" | ", fragments));
        Assert.All(fragments, f => Assert.True(CountOf("<mark>", f) < 3, f));

        var passage = Passage(search, text, IndexFields.Body)!;
        Assert.Equal(3, CountOf("<mark>", passage));
    }

    private QueryCompiler Compiler() => new(analyzer, plain, glossary, SearchTuning.Default);

    private string? Passage(string search, string text, string field = IndexFields.Abstract) =>
        PassageHighlighter.BestPassage(analyzer, field, text, Compiler().Compile(search).HighlightQuery);

    private string Whole(string search, string text) =>
        PassageHighlighter.Whole(analyzer, IndexFields.Title, text, Compiler().Compile(search).HighlightQuery);

    private static int CountOf(string part, string text) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
