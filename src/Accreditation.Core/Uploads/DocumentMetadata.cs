using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Writer;

namespace Accreditation.Core.Uploads;

/// <summary>
/// Strips what a file says about who made it (authors, company, comments, custom properties, PDF document information
/// and XMP, PNG text chunks, JPEG EXIF/XMP/IPTC and comments) from the copy that is stored, and extracts the text the
/// privacy check reads. Runs only on files <see cref="UploadInspector"/> accepted.
/// </summary>
public static class DocumentMetadata
{
    private static readonly HashSet<string> PngMetadataChunks = new(StringComparer.Ordinal) { "tEXt", "zTXt", "iTXt", "eXIf", "tIME" };

    /// <summary>The copy to store: the same content without identifying metadata.</summary>
    public static byte[] Strip(UploadType type, byte[] content) => type switch
    {
        UploadType.Docx => StripDocx(content),
        UploadType.Pdf => StripPdf(content),
        UploadType.Png => StripPng(content),
        _ => StripJpeg(content),
    };

    /// <summary>The document's text (PDF and Word; images have none), for the privacy check.</summary>
    public static string ExtractText(UploadType type, byte[] content, int maxCharacters = 500_000)
    {
        var text = type switch
        {
            UploadType.Docx => DocxText(content),
            UploadType.Pdf => PdfText(content),
            _ => "",
        };
        return text.Length > maxCharacters ? text[..maxCharacters] : text;
    }

    private static byte[] StripDocx(byte[] content)
    {
        using var stream = new MemoryStream();
        stream.Write(content);
        stream.Position = 0;
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            var properties = document.PackageProperties;
            properties.Creator = null;
            properties.LastModifiedBy = null;
            properties.Title = null;
            properties.Subject = null;
            properties.Keywords = null;
            properties.Description = null;
            properties.Category = null;
            properties.ContentStatus = null;
            properties.Identifier = null;
            properties.Revision = null;
            properties.Version = null;
            properties.Language = null;
            properties.LastPrinted = null;

            if (document.ExtendedFilePropertiesPart is { } extended)
            {
                document.DeletePart(extended);
            }

            if (document.CustomFilePropertiesPart is { } custom)
            {
                document.DeletePart(custom);
            }

            if (document.MainDocumentPart is { } main)
            {
                DeleteIfPresent(main, main.WordprocessingCommentsPart);
                DeleteIfPresent(main, main.WordprocessingCommentsExPart);
                DeleteIfPresent(main, main.WordprocessingCommentsIdsPart);
                DeleteIfPresent(main, main.WordCommentsExtensiblePart);
                DeleteIfPresent(main, main.WordprocessingPeoplePart);
                if (main.Document is { } body)
                {
                    foreach (var marker in body.Descendants<CommentRangeStart>().Cast<OpenXmlElement>()
                        .Concat(body.Descendants<CommentRangeEnd>())
                        .Concat(body.Descendants<CommentReference>())
                        .ToList())
                    {
                        marker.Remove();
                    }

                    // Tracked changes carry their author's name.
                    foreach (var element in body.Descendants())
                    {
                        var author = element.GetAttributes().FirstOrDefault(a => a.LocalName == "author");
                        if (author.LocalName is not null)
                        {
                            element.SetAttribute(new OpenXmlAttribute(author.Prefix, author.LocalName, author.NamespaceUri, "Author"));
                        }
                    }

                    body.Save();
                }
            }
        }

        return stream.ToArray();
    }

    private static void DeleteIfPresent(MainDocumentPart main, OpenXmlPart? part)
    {
        if (part is not null)
        {
            main.DeletePart(part);
        }
    }

    private static byte[] StripPdf(byte[] content)
    {
        try
        {
            using var source = PdfDocument.Open(content);
            using var builder = new PdfDocumentBuilder { IncludeDocumentInformation = false };
            for (var page = 1; page <= source.NumberOfPages; page++)
            {
                builder.AddPage(source, page, new PdfDocumentBuilder.AddPageOptions { KeepAnnotations = false });
            }

            return builder.Build();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Some valid PDFs cannot be rewritten page by page; the inspected original is kept rather than refused.
            return content;
        }
    }

    private static byte[] StripPng(byte[] content)
    {
        var (chunks, _) = UploadInspector.ReadPngChunks(content);
        if (chunks is null)
        {
            return content;
        }

        using var output = new MemoryStream(content.Length);
        output.Write(content, 0, 8);
        foreach (var (type, offset, length) in chunks.Where(c => !PngMetadataChunks.Contains(c.Type)))
        {
            output.Write(content, offset, length);
        }

        return output.ToArray();
    }

    private static byte[] StripJpeg(byte[] content)
    {
        var (segments, _) = UploadInspector.ReadJpegSegments(content);
        if (segments is null)
        {
            return content;
        }

        using var output = new MemoryStream(content.Length);
        foreach (var (marker, offset, length) in segments)
        {
            // APP0 (JFIF), APP2 (colour profile) and APP14 (Adobe colour transform) describe the picture; the other
            // application segments (EXIF, XMP, IPTC, maker notes) and comments describe the people and places.
            var metadata = marker == 0xFE || (marker is >= 0xE1 and <= 0xEF && marker is not 0xE2 and not 0xEE);
            if (!metadata)
            {
                output.Write(content, offset, length);
            }
        }

        return output.ToArray();
    }

    private static string DocxText(byte[] content)
    {
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var body = document.MainDocumentPart?.Document?.Body;
            if (body is null)
            {
                return "";
            }

            var text = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                text.AppendLine(paragraph.InnerText);
            }

            return text.ToString();
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException)
        {
            return "";
        }
    }

    private static string PdfText(byte[] content)
    {
        try
        {
            using var document = PdfDocument.Open(content);
            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                text.AppendLine(ContentOrderTextExtractor.GetText(page));
            }

            return text.ToString();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "";
        }
    }
}
