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

/// <summary>Who a test document betrays: the details it hides all over itself.</summary>
/// <param name="Name">The author's name.</param>
/// <param name="Email">The author's email address.</param>
/// <param name="Organisation">The author's organisation.</param>
public sealed record Author(string Name, string Email, string Organisation);

/// <summary>
/// Documents that name their author everywhere Word and PDF writers hide it, and a search of a file's bytes that also
/// looks inside what is compressed (every part of a Word document, every zlib stream of a PDF), for blind-marking tests.
/// </summary>
public static class IdentifyingDocuments
{
    /// <summary>Text of the Word document's body that must survive.</summary>
    public const string DocxBody = "An audit of supervision quality across the service.";

    /// <summary>Text of the PDF's page that must survive.</summary>
    public const string PdfBody = "A practice review of reflective supervision.";

    private const string AttachedTemplate = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate";

    /// <summary>
    /// A Word document naming the author in its core and app properties, custom properties, template path, document
    /// variables, header, footer, footnote, comment (and its author), tracked changes (inserted and deleted, with
    /// authors), people part, thumbnail and the EXIF, XMP and comment of a JPEG picture inside it.
    /// </summary>
    public static byte[] Docx(Author author, string fileName)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var properties = document.PackageProperties;
            properties.Creator = author.Name;
            properties.LastModifiedBy = author.Email;
            properties.Title = fileName;
            properties.Subject = author.Organisation;
            properties.Keywords = author.Name;
            properties.Description = $"Written by {author.Name}";
            properties.Category = author.Organisation;

            var main = document.AddMainDocumentPart();
            var header = main.AddNewPart<HeaderPart>();
            header.Header = new Header(new Paragraph(new Run(new Text($"Prepared by {author.Name}, {author.Organisation}"))));
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new Run(new Text(author.Email))));
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(
                new Footnote(new Paragraph(new Run(new SeparatorMark()))) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(new Paragraph(new Run(new ContinuationSeparatorMark()))) { Type = FootnoteEndnoteValues.ContinuationSeparator, Id = 0 },
                new Footnote(new Paragraph(new Run(new Text($"Data gathered by {author.Name} at {author.Organisation}.")))) { Id = 1 });
            var comments = main.AddNewPart<WordprocessingCommentsPart>();
            comments.Comments = new Comments(new Comment(new Paragraph(new Run(new Text($"Check with {author.Organisation} first")))) { Id = "0", Author = author.Name, Initials = "ZQ" });
            var people = main.AddNewPart<WordprocessingPeoplePart>();
            using (var writer = new StreamWriter(people.GetStream(FileMode.Create)))
            {
                writer.Write($"<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:person w15:author=\"{author.Name}\"><w15:presenceInfo w15:providerId=\"AD\" w15:userId=\"{author.Email}\"/></w15:person></w15:people>");
            }

            var settings = main.AddNewPart<DocumentSettingsPart>();
            var template = settings.AddExternalRelationship(AttachedTemplate, new Uri($"file:///C:/Users/{Uri.EscapeDataString(author.Name)}/Templates/{Uri.EscapeDataString(author.Organisation)}.dotm"));
            settings.Settings = new Settings(
                new AttachedTemplate { Id = template.Id },
                new DocumentVariables(new DocumentVariable { Name = "Owner", Val = author.Email }));

            var picture = main.AddImagePart(ImagePartType.Jpeg);
            using (var image = new MemoryStream(Jpeg(author)))
            {
                picture.FeedData(image);
            }

            var thumbnail = document.AddThumbnailPart(ThumbnailPartType.Jpeg);
            using (var image = new MemoryStream(Jpeg(author)))
            {
                thumbnail.FeedData(image);
            }

            var body = new Body(
                new Paragraph(
                    new CommentRangeStart { Id = "0" },
                    new Run(new Text(DocxBody)),
                    new CommentRangeEnd { Id = "0" },
                    new Run(new CommentReference { Id = "0" }),
                    new Run(new FootnoteReference { Id = 1 })),
                new Paragraph(
                    new InsertedRun(new Run(new Text("Inserted in review."))) { Id = "1", Author = author.Name, Date = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc) },
                    new DeletedRun(new Run(new DeletedText($"Deleted mention of {author.Organisation}."))) { Id = "2", Author = author.Email, Date = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc) }),
                new SectionProperties(
                    new HeaderReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(header) },
                    new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) }));
            main.Document = new Document(body);

            var extended = document.AddExtendedFilePropertiesPart();
            extended.Properties = new DocumentFormat.OpenXml.ExtendedProperties.Properties(
                new DocumentFormat.OpenXml.ExtendedProperties.Company(author.Organisation),
                new DocumentFormat.OpenXml.ExtendedProperties.Manager(author.Name),
                new DocumentFormat.OpenXml.ExtendedProperties.Template($"C:\\Users\\{author.Name}\\Templates\\{author.Organisation}.dotm"));
            var custom = document.AddCustomFilePropertiesPart();
            custom.Properties = new DocumentFormat.OpenXml.CustomProperties.Properties(
                new CustomDocumentProperty(new VTLPWSTR(author.Email)) { FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = 2, Name = "Owner" });
            main.Document.Save();
        }

        return stream.ToArray();
    }

    /// <summary>A one-page PDF naming the author in its document information (author, title, subject, keywords, creator).</summary>
    public static byte[] Pdf(Author author, string fileName)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Author = author.Name;
        builder.DocumentInformation.Title = fileName;
        builder.DocumentInformation.Subject = author.Organisation;
        builder.DocumentInformation.Keywords = author.Email;
        builder.DocumentInformation.Creator = $"{author.Name}'s scanner";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(595, 842).AddText(PdfBody, 12, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    /// <summary>A minimal JPEG whose EXIF and XMP segments and comment name the author.</summary>
    public static byte[] Jpeg(Author author)
    {
        using var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        Segment(output, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        Segment(output, 0xE1, [.. "Exif\0\0"u8, .. Encoding.ASCII.GetBytes($"Artist: {author.Name}")]);
        Segment(output, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. Encoding.UTF8.GetBytes($"<x:xmpmeta><dc:creator>{author.Email}</dc:creator></x:xmpmeta>")]);
        Segment(output, 0xFE, Encoding.ASCII.GetBytes($"Taken at {author.Organisation}"));
        Segment(output, 0xDA, [1, 1, 0, 0, 63, 0]);
        output.Write([0x12, 0x34, 0xFF, 0x00, 0x56]);
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>
    /// Every reading of a file a person or program could make of it: its bytes as Latin-1, UTF-8 and UTF-16, every part
    /// of it if it is a zip (a Word document) and every zlib stream inflated if it is a PDF.
    /// </summary>
    public static IReadOnlyList<(string Where, string Text)> Readings(byte[] bytes)
    {
        var readings = new List<(string, string)>();
        void Add(string where, byte[] data)
        {
            readings.Add((where, Encoding.Latin1.GetString(data)));
            readings.Add((where + " (UTF-8)", Encoding.UTF8.GetString(data)));
            readings.Add((where + " (UTF-16BE)", Encoding.BigEndianUnicode.GetString(data)));
            readings.Add((where + " (UTF-16LE)", Encoding.Unicode.GetString(data)));
        }

        Add("file", bytes);
        if (bytes.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                using var part = entry.Open();
                using var copy = new MemoryStream();
                part.CopyTo(copy);
                readings.Add(("part name", entry.FullName));
                Add(entry.FullName, copy.ToArray());
            }
        }

        if (bytes.AsSpan().StartsWith("%PDF"u8))
        {
            var position = 0;
            var index = 0;
            while (true)
            {
                var start = bytes.AsSpan(position).IndexOf("stream"u8);
                if (start < 0)
                {
                    break;
                }

                start += position + 6;
                while (start < bytes.Length && bytes[start] is (byte)'\r' or (byte)'\n')
                {
                    start++;
                }

                var end = bytes.AsSpan(start).IndexOf("endstream"u8);
                if (end < 0)
                {
                    break;
                }

                try
                {
                    using var zlib = new ZLibStream(new MemoryStream(bytes, start, end), CompressionMode.Decompress);
                    using var inflated = new MemoryStream();
                    zlib.CopyTo(inflated);
                    Add($"stream {index}", inflated.ToArray());
                }
                catch (InvalidDataException)
                {
                    // Not compressed: read as part of the file already.
                }

                index++;
                position = start + end + 9;
            }
        }

        return readings;
    }

    /// <summary>Where (if anywhere) any of the secrets appears in any reading of the file, e.g. "word/footer1.xml: 'Zebedee'".</summary>
    public static IReadOnlyList<string> Betrayals(byte[] bytes, IEnumerable<string> secrets)
    {
        var readings = Readings(bytes);
        return secrets
            .SelectMany(secret => readings.Where(r => r.Text.Contains(secret, StringComparison.OrdinalIgnoreCase)).Select(r => $"{r.Where}: '{secret}'"))
            .Distinct()
            .ToList();
    }

    private static void Segment(Stream output, byte marker, byte[] data)
    {
        output.Write([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)((data.Length + 2) & 0xFF)]);
        output.Write(data);
    }
}
