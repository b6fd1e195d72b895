using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.VariantTypes;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Accreditation.Testing;

/// <summary>The upload corpus, made by the tests themselves: good files and every kind of bad one.</summary>
public static class TestFiles
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>A one-page PDF with the given text, with an author in its document information.</summary>
    public static byte[] Pdf(string text = "Supervision notes about practice.")
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Author = "Jane Author";
        builder.DocumentInformation.Title = "Secret title";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(595, 842);
        page.AddText(text, 12, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    /// <summary>A PDF whose catalogue runs JavaScript when it opens.</summary>
    public static byte[] PdfWithJavaScript() => Encoding.ASCII.GetBytes("""
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj
        4 0 obj << /S /JavaScript /JS (app.alert\('hello'\);) >> endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """);

    /// <summary>A PDF hiding "/JavaScript" behind #xx escapes in a compressed object stream.</summary>
    public static byte[] PdfWithHiddenJavaScript()
    {
        var hidden = Encoding.ASCII.GetBytes("<< /S /J#61vaScript /JS (app.alert\\(1\\)) >>");
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(hidden);
        }

        var head = Encoding.ASCII.GetBytes($"%PDF-1.5\n5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {compressed.Length} >>\nstream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream\nendobj\ntrailer << >>\n%%EOF\n");
        return [.. head, .. compressed.ToArray(), .. tail];
    }

    /// <summary>A PDF a reader opens but whose page cannot be copied into a new file (its content is missing).</summary>
    public static byte[] PdfThatCannotBeRewritten() => HandMadePdf("/Contents 9 0 R", "");

    /// <summary>A PDF whose page carries its own XMP metadata naming its author (copied along with the page).</summary>
    public static byte[] PdfWithPageMetadata(string author)
    {
        var xmp = $"<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><dc:creator>{author}</dc:creator></x:xmpmeta><?xpacket end=\"r\"?>";
        return HandMadePdf("/Contents 4 0 R /Metadata 6 0 R", $"<< /Type /Metadata /Subtype /XML /Length {xmp.Length} >>\nstream\n{xmp}\nendstream");
    }

    private static byte[] HandMadePdf(string page, string sixth)
    {
        const string content = "BT /F1 12 Tf 72 700 Td (Supervision notes) Tj ET";
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> {page} >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        if (sixth.Length > 0)
        {
            objects.Add(sixth);
        }

        var text = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(text.Length);
            text.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = text.Length;
        text.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        text.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>A Word document with a spreadsheet embedded in it.</summary>
    public static byte[] DocxWithEmbeddedFile()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text("See the attached figures.")))));
            var embedded = main.AddEmbeddedPackagePart(EmbeddedPackagePartType.Xlsx);
            using var sheet = new MemoryStream(DocxZipBomb(1024));
            embedded.FeedData(sheet);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A valid PNG of about <paramref name="bytes"/> bytes (its picture data cannot be compressed).</summary>
    public static byte[] PngOfSize(int bytes)
    {
        using var output = PngStart();
        var noise = new byte[Math.Max(16, bytes - 57)];
        new Random(bytes).NextBytes(noise);
        Chunk(output, "IDAT", noise);
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    // The PNG signature and the header of a 1×1 picture of 8-bit RGB, the start of every PNG made here.
    private static MemoryStream PngStart()
    {
        var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(0), 1);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1);
        header[8] = 8;
        header[9] = 2;
        Chunk(output, "IHDR", header);
        return output;
    }

    /// <summary>A web page (named .pdf by the test).</summary>
    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");

    /// <summary>An SVG image with a script.</summary>
    public static byte[] SvgWithScript() => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script><circle r=\"5\"/></svg>");

    /// <summary>A valid 1×1 PNG, with a tEXt chunk naming its author.</summary>
    public static byte[] Png(bool withText = true)
    {
        using var output = PngStart();
        if (withText)
        {
            Chunk(output, "tEXt", Encoding.Latin1.GetBytes("Author\0Jane Author, Anytown Council"));
        }

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write([0, 255, 0, 0]);
        }

        Chunk(output, "IDAT", pixels.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>A valid PNG with a script appended after its end.</summary>
    public static byte[] PngWithAppendedScript() => [.. Png(withText: false), .. Encoding.UTF8.GetBytes("<script>alert(1)</script>")];

    /// <summary>A minimal JPEG with an EXIF segment and a comment.</summary>
    public static byte[] JpegWithExif()
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(output, 0xE1, [.. "Exif\0\0"u8, .. "Camera owner: Jane Author"u8]);
        Segment(output, 0xFE, "Taken at 12 Acacia Avenue"u8.ToArray());
        Segment(output, 0xDA, [1, 1, 0, 0, 63, 0]);
        output.Write([0x12, 0x34, 0xFF, 0x00, 0x56]);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>A Word document with the given paragraphs, an author, a company, a custom property and a comment.</summary>
    public static byte[] Docx(params string[] paragraphs)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Creator = "Jane Author";
            document.PackageProperties.LastModifiedBy = "John Editor";
            document.PackageProperties.Title = "Case notes";
            var main = document.AddMainDocumentPart();
            var body = new Body(paragraphs.Select(p => new Paragraph(new Run(new Text(p)))));
            main.Document = new Document(body);
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text("Remember the family at 12 Acacia Avenue")))) { Id = "0", Author = "Jane Author" });
            body.GetFirstChild<Paragraph>()?.Append(new CommentRangeStart { Id = "0" }, new CommentRangeEnd { Id = "0" }, new Run(new CommentReference { Id = "0" }));
            var extended = document.AddExtendedFilePropertiesPart();
            extended.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
                new DocumentFormat.OpenXml.ExtendedProperties.Company("Anytown Borough Council"), new DocumentFormat.OpenXml.ExtendedProperties.Manager("Chief Manager"));
            var custom = document.AddCustomFilePropertiesPart();
            custom.Properties = new DocumentFormat.OpenXml.CustomProperties.Properties(
                new CustomDocumentProperty(new VTLPWSTR("Family file 123456")) { FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = 2, Name = "CaseFile" });
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A "Word document" that unzips to far more than it weighs.</summary>
    public static byte[] DocxZipBomb(long uncompressedBytes = 150L * 1024 * 1024)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", ContentTypes);
            Write(zip, "word/document.xml", $"<w:document xmlns:w=\"{WordNamespace}\"><w:body><w:p/></w:body></w:document>");
            var entry = zip.CreateEntry("word/media/padding.bin", CompressionLevel.SmallestSize);
            using var target = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < uncompressedBytes; written += zeros.Length)
            {
                target.Write(zeros);
            }
        }

        return stream.ToArray();
    }

    /// <summary>A "Word document" whose XML declares an external entity (XXE).</summary>
    public static byte[] DocxWithExternalEntity()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", ContentTypes);
            Write(zip, "word/document.xml",
                $"<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><w:document xmlns:w=\"{WordNamespace}\"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>");
        }

        return stream.ToArray();
    }

    private const string ContentTypes =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var target = zip.CreateEntry(name).Open();
        target.Write(Encoding.UTF8.GetBytes(text));
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static void Segment(Stream output, byte marker, byte[] data)
    {
        output.Write([0xFF, marker]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(data.Length + 2));
        output.Write(length);
        output.Write(data);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return c ^ 0xFFFFFFFFu;
    }
}
