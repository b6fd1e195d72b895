
namespace Accreditation.Research.Search;

/// <summary>A search: text and filters (values within one filter are alternatives; filters combine).</summary>
public sealed record ResearchSearchRequest
{
    /// <summary>What the person typed.</summary>
    public string? Text { get; init; }

    /// <summary>Item types (enum names, e.g. "PracticeGuide").</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Topic names.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Evidence level names.</summary>
    public IReadOnlyList<string> EvidenceLevels { get; init; } = [];

    /// <summary>Access values ("Public", "Staff", "Restricted").</summary>
    public IReadOnlyList<string> Access { get; init; } = [];

    /// <summary>KSS statement references.</summary>
    public IReadOnlyList<string> KssStatements { get; init; } = [];

    /// <summary>Earliest year.</summary>
    public int? YearFrom { get; init; }

    /// <summary>Latest year.</summary>
    public int? YearTo { get; init; }

    /// <summary>Order.</summary>
    public ResearchSort Sort { get; init; } = ResearchSort.Relevance;

    /// <summary>Page number from 1.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Results per page.</summary>
    public int PageSize { get; init; } = 20;

    /// <summary>When set, only these items can match (a saved search's alert looks among the newly published items).</summary>
    public IReadOnlyCollection<Guid>? OnlyItems { get; init; }
}
