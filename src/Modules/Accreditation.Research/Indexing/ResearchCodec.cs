using Lucene.Net.Codecs;
using Lucene.Net.Codecs.Compressing;
using Lucene.Net.Codecs.Lucene46;

namespace Accreditation.Research.Indexing;

/// <summary>
/// The index format the library writes: Lucene's default, with stored fields compressed in blocks of
/// <see cref="StoredFieldsChunk"/> bytes rather than 16 KB. To show a result, Lucene decompresses its block from the
/// start up to the result's own fields; with 16 KB blocks that is on average the full texts of the two or three items
/// before it as well, and it was a quarter of a search's time (tests/Accreditation.Benchmarks/RESULTS.md). Segments
/// written by the default format stay readable; merges and rebuilds write this one.
/// </summary>
[CodecName("Research1")]
public sealed class ResearchCodec : FilterCodec
{
    /// <summary>The uncompressed size at which a block of stored fields is closed (a document larger than it is a block of its own).</summary>
    public const int StoredFieldsChunk = 4096;

    private static readonly StoredFieldsFormat Stored = new CompressingStoredFieldsFormat("ResearchStoredFields", CompressionMode.FAST, StoredFieldsChunk);

    private static readonly Lazy<ResearchCodec> Registered = new(() =>
    {
        // The codec's name is written into each segment, and Lucene finds the codec to read one by that name through
        // the process-wide codec factory: the default one knows only Lucene's own codecs.
        Codec.SetCodecFactory(new DefaultCodecFactory { CustomCodecTypes = [typeof(ResearchCodec)] });
        return (ResearchCodec)Codec.ForName("Research1");
    });

    /// <summary>Creates the codec (Lucene's codec factory does; use <see cref="Instance"/>).</summary>
    public ResearchCodec()
        : base(new Lucene46Codec())
    {
    }

    /// <summary>The codec, registered with Lucene's codec factory so segments written with it can be read.</summary>
    public static ResearchCodec Instance => Registered.Value;

    /// <inheritdoc/>
    public override StoredFieldsFormat StoredFieldsFormat => Stored;
}
