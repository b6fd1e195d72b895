using System.Globalization;
using Accreditation.Research.Library;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Markdig;

namespace Accreditation.Research.Indexing;

/// <summary>What the index holds of one library item: plain values, built from the entity or from a benchmark corpus.</summary>
public sealed record IndexedItem(
    Guid Id,
    string Title,
    string Authors,
    int? Year,
    string Source,
    string Type,
    string Abstract,
    string Body,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> KssStatements,
    string? Evidence,
    string Access,
    string Link,
    string Doi,
    long PublishedTicks)
{
    private static readonly MarkdownPipeline Plain = new MarkdownPipelineBuilder().Build();

    /// <summary>The index form of a library item (topics and evidence level loaded); Markdown full text becomes plain text.</summary>
    public static IndexedItem From(ResearchItem item) => new(
        item.Id,
        item.Title,
        item.Authors,
        item.Year,
        item.Source,
        item.Type.ToString(),
        item.Abstract,
        string.IsNullOrWhiteSpace(item.FullText) ? "" : Markdown.ToPlainText(item.FullText, Plain),
        item.Topics.Select(t => t.Name).Order(StringComparer.Ordinal).ToList(),
        item.KssStatements,
        item.EvidenceLevel?.Name,
        item.Access.ToString(),
        item.Link,
        item.Doi,
        (item.PublishedAt ?? item.CreatedAt).UtcTicks);

    private static readonly FieldType SpellingType = new(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_ONLY,
        OmitNorms = true,
    };

    // Words: frequencies and norms for BM25, no positions (phrases are matched by the pairs fields' positions).
    private static readonly FieldType WordsType = new(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS,
    };

    // Word pairs for phrases: frequencies and positions (a phrase of three words or more is a phrase of pairs), norms
    // for BM25's length normalisation, nothing stored.
    private static readonly FieldType PairsType = new(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS,
    };

    static IndexedItem()
    {
        SpellingType.Freeze();
        PairsType.Freeze();
        WordsType.Freeze();
    }

    /// <summary>
    /// The Lucene document: analysed text fields with their word pairs (each text analysed once by
    /// <paramref name="analyzer"/>'s chain, see <see cref="AnalysedText"/>), exact filter fields and doc values for
    /// facets and sorting.
    /// </summary>
    public Document ToDocument(ResearchAnalyzer analyzer)
    {
        var doc = new Document
        {
            new StringField(IndexFields.Id, Id.ToString("N"), Field.Store.YES),
            new SortedDocValuesField(IndexFields.Id, new Lucene.Net.Util.BytesRef(Id.ToString("N"))),
            new NumericDocValuesField(IndexFields.TextHash, (long)TextHash(Title, Abstract, Body)),
            new StoredField(IndexFields.Title, Title),
            new StoredField(IndexFields.Abstract, Abstract),
            new StoredField(IndexFields.Body, Body),
            new TextField(IndexFields.Authors, Authors, Field.Store.YES),
            new Field(IndexFields.Spelling, $"{Title} {string.Join(' ', Topics)}", SpellingType),
            new StringField(IndexFields.Type, Type, Field.Store.YES),
            new SortedDocValuesField(IndexFields.Type, new Lucene.Net.Util.BytesRef(Type)),
            new StringField(IndexFields.Access, Access, Field.Store.YES),
            new SortedDocValuesField(IndexFields.Access, new Lucene.Net.Util.BytesRef(Access)),
            new NumericDocValuesField(IndexFields.Published, PublishedTicks),
            new NumericDocValuesField(IndexFields.Year, Year ?? 0),
            new StoredField(IndexFields.Source, Source),
            new StoredField(IndexFields.Link, Link),
            new StoredField(IndexFields.Doi, Doi),
        };
        // No offsets in the postings: the few results shown are analysed again for their passages (ResearchSearcher.Matches).
        AddText(doc, analyzer, IndexFields.Title, Title);
        AddText(doc, analyzer, IndexFields.Abstract, Abstract);
        AddText(doc, analyzer, IndexFields.Body, Body);
        if (Year is { } year)
        {
            doc.Add(new Int32Field(IndexFields.Year, year, Field.Store.YES));
        }

        if (!string.IsNullOrEmpty(Evidence))
        {
            doc.Add(new StringField(IndexFields.Evidence, Evidence, Field.Store.YES));
            doc.Add(new SortedDocValuesField(IndexFields.Evidence, new Lucene.Net.Util.BytesRef(Evidence)));
        }

        foreach (var topic in Topics.Distinct(StringComparer.Ordinal))
        {
            // One value per topic: the analyzers leave a gap between values, so no phrase or pair spans two topics.
            AddText(doc, analyzer, IndexFields.TopicsText, topic);
            doc.Add(new StringField(IndexFields.Topic, topic, Field.Store.YES));
            doc.Add(new SortedSetDocValuesField(IndexFields.Topic, new Lucene.Net.Util.BytesRef(topic)));
        }

        foreach (var kss in KssStatements.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField(IndexFields.Kss, kss, Field.Store.YES));
            doc.Add(new SortedSetDocValuesField(IndexFields.Kss, new Lucene.Net.Util.BytesRef(kss)));
        }

        return doc;
    }

    // A text field and its pairs field, from one analysis of the text.
    private static void AddText(Document doc, ResearchAnalyzer analyzer, string field, string text)
    {
        var analysed = AnalysedText.Of(analyzer, text);
        doc.Add(new Field(field, analysed.Words(), WordsType));
        doc.Add(new Field(IndexFields.PairsOf(field), analysed.Pairs(), PairsType));
    }

    /// <summary>The hash of the texts an item's embeddings are made from.</summary>
    public static ulong TextHash(string title, string @abstract, string body)
    {
        var hash = new System.IO.Hashing.XxHash64();
        foreach (var text in (ReadOnlySpan<string>)[title, "\u0001", @abstract, "\u0001", body])
        {
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The id of an item as the index stores it.</summary>
    public static string Key(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);
}
