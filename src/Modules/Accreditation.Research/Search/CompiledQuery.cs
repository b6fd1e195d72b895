using Accreditation.Research.Indexing;
using Lucene.Net.Search;

namespace Accreditation.Research.Search;

/// <summary>A compiled search: the Lucene query, the analysed terms to highlight and the plain words to spell-check.</summary>
public sealed record CompiledQuery(Query Query, IReadOnlySet<string> HighlightTerms, IReadOnlyList<string> Words, bool IsEmpty);
