
namespace Accreditation.Research.Semantic;

/// <summary>Turns texts into unit-length sentence embeddings (cosine similarity is then a dot product).</summary>
public interface ITextEmbedder
{
    /// <summary>Length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>The embeddings of the texts, in order.</summary>
    float[][] Embed(IReadOnlyList<string> texts);

    /// <summary>The embedding of what a person typed (cached: paging and filter clicks repeat a search).</summary>
    float[] EmbedQuery(string text);
}
