using Microsoft.ML.OnnxRuntime;

namespace Accreditation.Research.Semantic;

/// <summary>
/// The embedding model of this process, loaded once on first use (it takes a few seconds and about 90 MB). Absent when
/// turned off (<c>Research:Semantic:Enabled</c> false) or when it cannot load; search then ranks by words alone and
/// the admin index page says why.
/// </summary>
public sealed class SemanticModel
{
    private static readonly Lazy<(MiniLmEmbedder? Embedder, string? Problem)> Shared = new(() =>
    {
        try
        {
            return (MiniLmEmbedder.Load(), null);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException or OnnxRuntimeException or TypeInitializationException or DllNotFoundException or InvalidOperationException)
        {
            return (null, ex.Message);
        }
    });

    private readonly bool enabled;

    /// <summary>The model as configured.</summary>
    public SemanticModel(bool enabled) => this.enabled = enabled;

    /// <summary>A model that is there (for tests and the benchmarks).</summary>
    public SemanticModel(ITextEmbedder embedder)
    {
        enabled = true;
        Given = embedder;
    }

    private ITextEmbedder? Given { get; }

    /// <summary>The embedder, or null when search by meaning is off or the model could not be loaded.</summary>
    public ITextEmbedder? Embedder => !enabled ? null : Given ?? Shared.Value.Embedder;

    /// <summary>Why there is no embedder (null when there is one).</summary>
    public string? Problem => !enabled
        ? "Search by meaning is turned off (Research:Semantic:Enabled is false)."
        : Embedder is null ? $"The embedding model could not be loaded: {Shared.Value.Problem}" : null;

    /// <summary>The process-wide model, loaded on first use.</summary>
    public static ITextEmbedder? Default => Shared.Value.Embedder;
}
