using Accreditation.Research.Indexing;
using Lucene.Net.Search;

namespace Accreditation.Research.Search;

/// <summary>
/// A compiled search: the Lucene query; the query whose matches are marked in results (null: nothing to mark), the
/// same search with phrases by position, which the highlighter can find in a text, where the search reads word pairs;
/// and the plain words to spell-check.
/// </summary>
public sealed record CompiledQuery(Query Query, Query? HighlightQuery, IReadOnlyList<string> Words, bool IsEmpty);
