using Accreditation.Research.Indexing;

namespace Accreditation.Research.Search;

/// <summary>Field weights and matching rules of free-text search (the relevance harness measures them).</summary>
public sealed record SearchTuning
{
    /// <summary>The settings the library uses (chosen on the relevance sample; see RelevanceHarness).</summary>
    public static SearchTuning Default { get; } = new();

    /// <summary>Weight of a match in the title.</summary>
    public float Title { get; init; } = 3.0f;

    /// <summary>Weight of a match in the abstract.</summary>
    public float Abstract { get; init; } = 2.0f;

    /// <summary>Weight of a match in the topic names.</summary>
    public float Topics { get; init; } = 1.5f;

    /// <summary>Weight of a match in the full text.</summary>
    public float Body { get; init; } = 1.0f;

    /// <summary>Weight of a match in the authors.</summary>
    public float Authors { get; init; } = 1.0f;

    /// <summary>How much the other fields add to the best field's score (0: best field only; 1: sum).</summary>
    public float TieBreaker { get; init; } = 0.3f;

    /// <summary>Weight of a glossary equivalent relative to the words the person typed.</summary>
    public float Synonym { get; init; } = 0.9f;

    /// <summary>
    /// Of n plain words, how many must match. One (any word, ranked by BM25): on the relevance sample requiring every
    /// word cut nDCG@10 from 0.95 to 0.58, and half of them to 0.89, because people describe a topic in words an
    /// item need not all use. AND and + still make a word required.
    /// </summary>
    public Func<int, int> MinimumShouldMatch { get; init; } = _ => 1;

    /// <summary>The weight of a field.</summary>
    public float WeightOf(string field) => field switch
    {
        IndexFields.Title => Title,
        IndexFields.Abstract => Abstract,
        IndexFields.TopicsText => Topics,
        IndexFields.Body => Body,
        IndexFields.Authors => Authors,
        _ => 1f,
    };
}
