using Accreditation.Core.Web;
using Accreditation.Research.Indexing;
using Accreditation.Research.Semantic;

namespace Accreditation.Research.Search;

/// <summary>Which ranking <see cref="ResearchSearcher.RankedIds"/> gives (the relevance harness compares them).</summary>
public enum RankingMode
{
    /// <summary>As the site ranks: words and meaning fused when search by meaning is on, words otherwise.</summary>
    AsSearched,

    /// <summary>BM25 over the words alone.</summary>
    Words,

    /// <summary>Vector similarity alone.</summary>
    Meaning,
}
