using Accreditation.Research.Indexing;
using Accreditation.Research.Search;
using Lucene.Net.Codecs.Lucene46;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Accreditation.Research.Tests;

/// <summary>
/// The index format: the library writes its own codec (stored fields in small blocks, so showing a result decompresses
/// little beside it), and an index written before it, by Lucene's default codec, is searched and shown as it was
/// without a rebuild.
/// </summary>
public sealed class CodecTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "codec-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void An_index_written_by_the_default_format_stays_readable_and_new_segments_use_the_librarys_format()
    {
        var path = Path.Combine(folder, "index");
        var old = Item("Kinship carers and family networks", "What helps kinship carers keep children within their family network.");
        var added = Item("Return home interviews", "Interviews with children returning home after going missing.");
        using (var index = new ResearchIndex(path))
        {
            index.EnsureOpen();
            index.Commit(1, DateTimeOffset.UtcNow);
            index.Close();

            // The index as the previous version wrote it: Lucene's default codec.
            var config = index.WriterConfig(OpenMode.APPEND);
            config.Codec = new Lucene46Codec();
            using var directory = FSDirectory.Open(path);
            using var writer = new IndexWriter(directory, config);
            writer.AddDocument(old.ToDocument(index.Analyzer));
            writer.Commit();
        }

        using (var index = new ResearchIndex(path))
        {
            index.Upsert(added);
            index.Commit(2, DateTimeOffset.UtcNow);

            var codecs = index.Search(s => s.IndexReader.Leaves.Select(l => ((SegmentReader)l.Reader).SegmentInfo.Info.Codec.Name).Order(StringComparer.Ordinal).ToList());
            Assert.Equal(["Lucene46", "Research1"], codecs);

            var searcher = new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default);
            var kinship = Assert.Single(searcher.Search(new ResearchSearchRequest { Text = "kinship" }, ResearchAudience.Public).Hits);
            Assert.Equal(old.Title, kinship.Title);
            Assert.Contains("<mark>kinship</mark>", kinship.PassageHtml, StringComparison.OrdinalIgnoreCase);
            var interviews = Assert.Single(searcher.Search(new ResearchSearchRequest { Text = "interviews" }, ResearchAudience.Public).Hits);
            Assert.Equal(added.Title, interviews.Title);
            Assert.Equal(added.Id, interviews.Id);
        }

        // Read again by a new index object (as a restarted site would) and rewritten in one segment of the library's format.
        using (var index = new ResearchIndex(path))
        {
            Assert.Equal(2, index.Count);
            index.Close();
            using var directory = FSDirectory.Open(path);
            using (var writer = new IndexWriter(directory, index.WriterConfig(OpenMode.APPEND)))
            {
                writer.ForceMerge(1);
                writer.Commit();
            }

            using var reader = DirectoryReader.Open(directory);
            var leaf = Assert.Single(reader.Leaves);
            Assert.Equal("Research1", ((SegmentReader)leaf.Reader).SegmentInfo.Info.Codec.Name);
            Assert.Equal([old.Title, added.Title], Enumerable.Range(0, reader.MaxDoc).Select(d => reader.Document(d).Get(IndexFields.Title)).Order(StringComparer.Ordinal));
        }
    }

    private static IndexedItem Item(string title, string @abstract) =>
        new(Guid.NewGuid(), title, "Author, A.", 2021, "Journal", "ResearchReview", @abstract, "", [], [], null, "Public", "", "", 0);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
