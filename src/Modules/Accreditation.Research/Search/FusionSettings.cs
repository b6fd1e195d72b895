using Accreditation.Core.Web;
using Accreditation.Research.Indexing;
using Accreditation.Research.Semantic;

namespace Accreditation.Research.Search;

/// <summary>
/// How the word ranking (BM25) and the meaning ranking (sentence embeddings) are fused: reciprocal rank fusion,
/// score = Words / (K + word rank) + Meaning / (K + meaning rank), over the first <see cref="Depth"/> of each.
/// </summary>
public sealed record FusionSettings(int Depth = 100, int K = 60, float Words = 1f, float Meaning = 1f, float MinimumSimilarity = 0.2f)
{
    /// <summary>The settings the library uses (chosen with the relevance harness; see tests/Accreditation.Benchmarks/RESULTS.md).</summary>
    public static FusionSettings Default { get; } = new();
}
