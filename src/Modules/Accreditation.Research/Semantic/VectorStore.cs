using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Accreditation.Research.Semantic;

/// <summary>
/// The sentence embeddings of the indexed items, in one contiguous array searched by brute-force dot products (the
/// vectors are unit length, so a dot product is the cosine similarity). An item has one vector for its title and
/// abstract and one per passage of a long full text; it scores as its best one. Each item's vectors carry the hash of
/// the text they were made from, so the embedding worker redoes only what changed. Kept in a file beside the Lucene
/// index (<see cref="Save"/>, <see cref="Load"/>). Beyond <see cref="ExactUpTo"/> vectors a search first compares the
/// vectors' signs (one bit a value, 48 bytes a vector: a popcount of six words) and then compares exactly the
/// <see cref="Candidates"/> nearest by sign, which reads a tenth of the memory a full scan reads. The values are kept
/// as 8-bit integers (a value times 127, rounded: unit vectors' values lie within ±1), a quarter of the memory of
/// 32-bit floats and of what the exact comparison reads; a similarity moves by less than 0.01 for it, far less than
/// separates the items a search ranks (checked by a test).
/// </summary>
public sealed class VectorStore(string path, int dimensions = 384) : IDisposable
{
    private const string Magic = "ACCVEC1";
    private readonly ReaderWriterLockSlim gate = new();
    private readonly Dictionary<string, (ulong Hash, List<int> Rows)> items = new(StringComparer.Ordinal);
    private readonly Stack<int> free = new();
    private const float Scale = 127f;
    private sbyte[] data = new sbyte[dimensions * 1024];
    private ulong[] signs = new ulong[((dimensions + 63) / 64) * 1024];
    private string?[] owners = new string?[1024];
    private int rows;

    /// <summary>Up to this many vectors every one is compared exactly.</summary>
    public int ExactUpTo { get; init; } = 20_000;

    /// <summary>Vectors compared exactly after the comparison of signs (at least 20 per item asked for).</summary>
    public int Candidates { get; init; } = 4_000;

    private int Words => (Dimensions + 63) / 64;

    /// <summary>The file the vectors are kept in.</summary>
    public string Path { get; } = path;

    /// <summary>Length of every vector.</summary>
    public int Dimensions { get; } = dimensions;

    /// <summary>Items with vectors.</summary>
    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try
            {
                return items.Count;
            }
            finally
            {
                gate.ExitReadLock();
            }
        }
    }

    /// <summary>Every item's key and the hash of the text its vectors were made from.</summary>
    public Dictionary<string, ulong> Hashes()
    {
        gate.EnterReadLock();
        try
        {
            return items.ToDictionary(p => p.Key, p => p.Value.Hash, StringComparer.Ordinal);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Sets an item's vectors (replacing any it had).</summary>
    public void Set(string key, ulong hash, IReadOnlyList<float[]> vectors)
    {
        gate.EnterWriteLock();
        try
        {
            RemoveCore(key);
            var list = new List<int>(vectors.Count);
            foreach (var vector in vectors)
            {
                if (vector.Length != Dimensions)
                {
                    throw new ArgumentException($"A vector has {vector.Length} values, not {Dimensions}.", nameof(vectors));
                }

                var row = free.Count > 0 ? free.Pop() : rows++;
                Place(row, key, vector);
                list.Add(row);
            }

            items[key] = (hash, list);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>Forgets an item's vectors.</summary>
    public void Remove(string key)
    {
        gate.EnterWriteLock();
        try
        {
            RemoveCore(key);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <summary>The items most similar to the query vector, best first, with their similarity (at most <paramref name="count"/>).</summary>
    public List<(string Key, float Similarity)> Nearest(ReadOnlySpan<float> query, int count, float minimum = -1f)
    {
        if (query.Length != Dimensions || count <= 0)
        {
            return [];
        }

        gate.EnterReadLock();
        try
        {
            // A bounded min-heap of the best rows, then the best row per item (an item with passages has several).
            var heap = new PriorityQueue<int, float>(count * 2);
            var keep = count * 2;
            var span = data.AsSpan();
            Span<sbyte> quantised = stackalloc sbyte[Dimensions];
            Quantise(query, quantised);
            Span<short> mine = stackalloc short[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                mine[d] = quantised[d];
            }

            foreach (var row in CandidateRows(query, count))
            {
                var score = Dot(span.Slice(row * Dimensions, Dimensions), mine) / (Scale * Scale);
                if (score < minimum)
                {
                    continue;
                }

                if (heap.Count < keep)
                {
                    heap.Enqueue(row, score);
                }
                else if (heap.TryPeek(out _, out var worst) && score > worst)
                {
                    heap.EnqueueDequeue(row, score);
                }
            }

            var best = new Dictionary<string, float>(StringComparer.Ordinal);
            while (heap.TryDequeue(out var row, out var score))
            {
                var key = owners[row]!;
                if (!best.TryGetValue(key, out var had) || score > had)
                {
                    best[key] = score;
                }
            }

            return best.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(count).Select(p => (p.Key, p.Value)).ToList();
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Writes the vectors to <see cref="Path"/> (through a temporary file, so a crash leaves the last good copy).</summary>
    public void Save()
    {
        var temporary = Path + ".tmp";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        gate.EnterReadLock();
        try
        {
            using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var writer = new BinaryWriter(stream, Encoding.UTF8);
            var values = new float[Dimensions];
            writer.Write(Magic);
            writer.Write(Dimensions);
            writer.Write(items.Count);
            foreach (var (key, (hash, list)) in items)
            {
                writer.Write(key);
                writer.Write(hash);
                writer.Write(list.Count);
                foreach (var row in list)
                {
                    // Written as floats (the file's form since before the values were kept in 8 bits): read back, they
                    // give the same 8-bit values.
                    for (var d = 0; d < Dimensions; d++)
                    {
                        values[d] = data[(row * Dimensions) + d] / Scale;
                    }

                    writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                }
            }
        }
        finally
        {
            gate.ExitReadLock();
        }

        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Reads the vectors from <see cref="Path"/>; false (and empty) when there is no readable file of this size of vector.</summary>
    public bool Load()
    {
        gate.EnterWriteLock();
        try
        {
            items.Clear();
            free.Clear();
            rows = 0;
            Array.Clear(owners);
            if (!File.Exists(Path))
            {
                return false;
            }

            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                using var reader = new BinaryReader(stream, Encoding.UTF8);
                if (reader.ReadString() != Magic || reader.ReadInt32() != Dimensions)
                {
                    return false;
                }

                var count = reader.ReadInt32();
                var vector = new float[Dimensions];
                for (var i = 0; i < count; i++)
                {
                    var key = reader.ReadString();
                    var hash = reader.ReadUInt64();
                    var n = reader.ReadInt32();
                    var list = new List<int>(n);
                    for (var v = 0; v < n; v++)
                    {
                        reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()));
                        var row = rows++;
                        Place(row, key, vector);
                        list.Add(row);
                    }

                    items[key] = (hash, list);
                }

                return true;
            }
            catch (Exception ex) when (ex is IOException or EndOfStreamException or FormatException)
            {
                // A damaged file is as good as none: the worker embeds everything again.
                items.Clear();
                free.Clear();
                rows = 0;
                Array.Clear(owners);
                return false;
            }
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private void Place(int row, string key, float[] vector)
    {
        if (row >= owners.Length)
        {
            Array.Resize(ref owners, owners.Length * 2);
            Array.Resize(ref data, owners.Length * Dimensions);
            Array.Resize(ref signs, owners.Length * Words);
        }

        Quantise(vector, data.AsSpan(row * Dimensions, Dimensions));
        SignsOf(vector, signs.AsSpan(row * Words, Words));
        owners[row] = key;
    }

    private static void Quantise(ReadOnlySpan<float> vector, Span<sbyte> values)
    {
        for (var d = 0; d < vector.Length; d++)
        {
            values[d] = (sbyte)Math.Clamp(MathF.Round(vector[d] * Scale), -Scale, Scale);
        }
    }

    // The dot product of a row's 8-bit values with the query's (held in 16 bits), summed in 32 bits: products of two
    // values within ±127 fit in 16. On x64 each 16 values are widened and multiplied and added in pairs by one
    // instruction each (vpmovsxbw, vpmaddwd).
    internal static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported)
        {
            var total = Vector256<int>.Zero;
            for (; i <= row.Length - 16; i += 16)
            {
                var values = Avx2.ConvertToVector256Int16(Vector128.Create(row.Slice(i, 16)));
                total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(values, Vector256.Create(query.Slice(i, 16))));
            }

            sum = Vector256.Sum(total);
        }

        for (; i < row.Length; i++)
        {
            sum += row[i] * query[i];
        }

        return sum;
    }

    private static void SignsOf(ReadOnlySpan<float> vector, Span<ulong> bits)
    {
        bits.Clear();
        for (var d = 0; d < vector.Length; d++)
        {
            if (vector[d] > 0)
            {
                bits[d >> 6] |= 1UL << (d & 63);
            }
        }
    }

    // The rows to compare exactly: all of them for a small store, otherwise the wanted number whose signs differ least
    // from the query's (rows as far as the last one let in are taken in row order, so ties never let in more).
    private List<int> CandidateRows(ReadOnlySpan<float> query, int count)
    {
        var wanted = Math.Max(Candidates, count * 20);
        if (rows <= ExactUpTo || rows <= wanted)
        {
            var all = new List<int>(rows);
            for (var row = 0; row < rows; row++)
            {
                if (owners[row] is not null)
                {
                    all.Add(row);
                }
            }

            return all;
        }

        Span<ulong> mine = stackalloc ulong[Words];
        SignsOf(query, mine);
        var distances = System.Buffers.ArrayPool<ushort>.Shared.Rent(rows);
        try
        {
            Span<int> histogram = stackalloc int[Dimensions + 2];
            SignDistances(mine, distances.AsSpan(0, rows), histogram);

            // Rows given back by removed items hold no vector: they are put beyond every real distance.
            foreach (var row in free)
            {
                histogram[distances[row]]--;
                distances[row] = (ushort)(Dimensions + 1);
            }

            // The smallest distance that lets in at least the wanted number of rows, and how many of the rows at
            // exactly that distance are still wanted.
            var limit = 0;
            var closer = 0;
            while (limit <= Dimensions && closer + histogram[limit] < wanted)
            {
                closer += histogram[limit];
                limit++;
            }

            var atLimit = wanted - closer;
            var chosen = new List<int>(wanted);
            for (var row = 0; row < rows; row++)
            {
                var distance = distances[row];
                if (distance < limit || (distance == limit && atLimit-- > 0))
                {
                    chosen.Add(row);
                }
            }

            return chosen;
        }
        finally
        {
            System.Buffers.ArrayPool<ushort>.Shared.Return(distances);
        }
    }

    // The number of signs in which each row differs from the query's (a popcount per 64 values), and how many rows
    // have each distance. The common size of 384 values (six words) has a loop of its own, with the query's words in
    // registers: this scan reads every vector's signs and is most of a search's time in a large store.
    private void SignDistances(ReadOnlySpan<ulong> mine, Span<ushort> distances, Span<int> histogram)
    {
        var words = Words;
        var all = signs.AsSpan(0, distances.Length * words);
        if (words == 6)
        {
            ulong m0 = mine[0], m1 = mine[1], m2 = mine[2], m3 = mine[3], m4 = mine[4], m5 = mine[5];
            for (var row = 0; row < distances.Length; row++)
            {
                var v = all.Slice(row * 6, 6);
                var distance = BitOperations.PopCount(v[0] ^ m0) + BitOperations.PopCount(v[1] ^ m1) + BitOperations.PopCount(v[2] ^ m2)
                    + BitOperations.PopCount(v[3] ^ m3) + BitOperations.PopCount(v[4] ^ m4) + BitOperations.PopCount(v[5] ^ m5);
                distances[row] = (ushort)distance;
                histogram[distance]++;
            }

            return;
        }

        for (var row = 0; row < distances.Length; row++)
        {
            var v = all.Slice(row * words, words);
            var distance = 0;
            for (var w = 0; w < words; w++)
            {
                distance += BitOperations.PopCount(v[w] ^ mine[w]);
            }

            distances[row] = (ushort)distance;
            histogram[distance]++;
        }
    }

    private void RemoveCore(string key)
    {
        if (items.Remove(key, out var had))
        {
            foreach (var row in had.Rows)
            {
                owners[row] = null;
                free.Push(row);
            }
        }
    }
}
