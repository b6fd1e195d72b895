using Lucene.Net.Index;

namespace Accreditation.Research.Search;

/// <summary>A range of one segment's documents a search pass visits.</summary>
internal sealed record SegmentRange(AtomicReaderContext Leaf, int From, int To);
