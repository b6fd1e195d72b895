using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Writer;

namespace Accreditation.Documents;

/// <summary>How much of a document's hidden detail is taken out of the stored copy.</summary>
public enum Anonymising
{
    /// <summary>
    /// What describes the people who made the file: properties, comments, tracked-change authors, template paths,
    /// document variables, thumbnails, EXIF and text chunks (in images on their own and inside Word documents). A PDF
    /// that cannot be rewritten is kept as inspected. For files only their owner reads (CPD attachments).
    /// </summary>
    Metadata,

    /// <summary>
    /// Everything in <see cref="Metadata"/>, and also what so often names the author or their authority that blind
    /// marking cannot keep it: Word headers, footers, footnotes and endnotes, deleted text of tracked changes. Files
    /// embedded in a Word document, pictures whose details cannot be removed and PDFs that cannot be rewritten are
    /// refused with a reason. For portfolio evidence, which markers download.
    /// </summary>
    ForBlindMarking,
}

/// <summary>The copy to store, or why the file cannot be stored (a reason written for the person who uploaded it).</summary>
public sealed record StrippedDocument(byte[]? Content, string? Refusal)
{
    /// <summary>Whether there is a copy to store.</summary>
    public bool IsStripped => Content is not null;

    internal static StrippedDocument Refuse(string reason) => new(null, reason);
}

/// <summary>
/// Strips what a file says about who made it from the copy that is stored (see <see cref="Anonymising"/>), and extracts
/// the text the privacy check reads. Runs only on files <see cref="UploadInspector"/> accepted.
/// </summary>
public static class DocumentMetadata
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string ChartNamespace = "http://schemas.openxmlformats.org/drawingml/2006/chart";

    /// <summary>What the candidate is told when a PDF cannot be rewritten without its hidden details.</summary>
    public const string PdfNotRewritten =
        "We could not remove the hidden details (such as the author's name) from the selected PDF, so it cannot be used as evidence. " +
        "Open it and print it to a new PDF (choose \"Save as PDF\" or \"Microsoft Print to PDF\" as the printer), then upload the new file";

    private static readonly HashSet<string> PngMetadataChunks = new(StringComparer.Ordinal) { "tEXt", "zTXt", "iTXt", "eXIf", "tIME" };

    // Tracked changes: what was deleted goes (it is text the author chose to remove), what was inserted stays as
    // ordinary text, and every record of who changed what goes.
    private static readonly HashSet<string> RevisionsRemoved = new(StringComparer.Ordinal)
    {
        "del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange",
        "tblGridChange", "numberingChange", "cellDel", "cellIns", "cellMerge", "moveFromRangeStart", "moveFromRangeEnd",
        "moveToRangeStart", "moveToRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd", "customXmlInsRangeStart",
        "customXmlInsRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd", "commentRangeStart", "commentRangeEnd", "commentReference",
    };

    private static readonly HashSet<string> RevisionsKept = new(StringComparer.Ordinal) { "ins", "moveTo" };

    /// <summary>The copy to store without identifying details, or why there can be none.</summary>
    public static StrippedDocument Strip(UploadType type, byte[] content, Anonymising level) => type switch
    {
        UploadType.Docx => StripDocx(content, level),
        UploadType.Pdf => StripPdf(content, level),
        UploadType.Png => StripPng(content) is { } png ? new StrippedDocument(png, null) : StrippedDocument.Refuse("The selected PNG image is damaged"),
        _ => StripJpeg(content) is { } jpeg ? new StrippedDocument(jpeg, null) : StrippedDocument.Refuse("The selected JPEG image is damaged"),
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

    private static StrippedDocument StripDocx(byte[] content, Anonymising level)
    {
        using var stream = new MemoryStream();
        stream.Write(content);
        stream.Position = 0;
        try
        {
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
                DeleteIfPresent(document, document.ExtendedFilePropertiesPart); // company, manager, template path
                DeleteIfPresent(document, document.CustomFilePropertiesPart);
                DeleteIfPresent(document, document.ThumbnailPart);
                if (document.MainDocumentPart is { } main)
                {
                    if (StripMain(main, level) is { } refusal)
                    {
                        return StrippedDocument.Refuse(refusal);
                    }
                }

                if (StripPictures(document) is { } pictures)
                {
                    return StrippedDocument.Refuse(pictures);
                }
            }

            return new StrippedDocument(stream.ToArray(), null);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or IOException or InvalidOperationException or ArgumentException)
        {
            return StrippedDocument.Refuse("The selected Word document could not be read to remove its hidden details. Save it again from Word and upload that");
        }
    }

    private static string? StripMain(MainDocumentPart main, Anonymising level)
    {
        DeleteIfPresent(main, main.WordprocessingCommentsPart);
        DeleteIfPresent(main, main.WordprocessingCommentsExPart);
        DeleteIfPresent(main, main.WordprocessingCommentsIdsPart);
        DeleteIfPresent(main, main.WordCommentsExtensiblePart);
        DeleteIfPresent(main, main.WordprocessingPeoplePart);
        DeleteIfPresent(main, main.GlossaryDocumentPart);
        foreach (var custom in main.CustomXmlParts.ToList())
        {
            main.DeletePart(custom); // e.g. document-library fields naming the owner
        }

        if (main.DocumentSettingsPart is { } settings)
        {
            StripSettings(settings);
        }

        if (level == Anonymising.ForBlindMarking)
        {
            if (main.EmbeddedObjectParts.Any() || main.EmbeddedPackageParts.Any() || main.EmbeddedControlPersistenceParts.Any())
            {
                return "The selected Word document has other files embedded in it (such as a spreadsheet or another document), which can carry their authors' names. " +
                    "Paste them in as pictures or text, or save the document as PDF, and upload that";
            }

            foreach (var header in main.HeaderParts.ToList())
            {
                main.DeletePart(header);
            }

            foreach (var footer in main.FooterParts.ToList())
            {
                main.DeletePart(footer);
            }

            if (main.Document is { } body)
            {
                Remove(body.Descendants<HeaderReference>().Cast<OpenXmlElement>().Concat(body.Descendants<FooterReference>()));
            }

            if (main.FootnotesPart?.Footnotes is { } footnotes)
            {
                Remove(footnotes.Elements<Footnote>().Where(n => n.Type is null || n.Type.Value == FootnoteEndnoteValues.Normal));
                footnotes.Save();
            }

            if (main.EndnotesPart?.Endnotes is { } endnotes)
            {
                Remove(endnotes.Elements<Endnote>().Where(n => n.Type is null || n.Type.Value == FootnoteEndnoteValues.Normal));
                endnotes.Save();
            }

            if (main.Document is { } document)
            {
                Remove(document.Descendants<FootnoteReference>().Cast<OpenXmlElement>().Concat(document.Descendants<EndnoteReference>()));
            }

            foreach (var chart in main.ChartParts.ToList())
            {
                StripChart(chart);
            }
        }

        foreach (var root in new OpenXmlPartRootElement?[]
        {
            main.Document, main.FootnotesPart?.Footnotes, main.EndnotesPart?.Endnotes, main.StyleDefinitionsPart?.Styles,
            main.NumberingDefinitionsPart?.Numbering, main.DocumentSettingsPart?.Settings,
        }.Concat(main.HeaderParts.Select(h => (OpenXmlPartRootElement?)h.Header)).Concat(main.FooterParts.Select(f => (OpenXmlPartRootElement?)f.Footer)))
        {
            if (root is not null)
            {
                AcceptRevisions(root, level);
                root.Save();
            }
        }

        return null;
    }

    private static void StripSettings(DocumentSettingsPart settings)
    {
        if (settings.Settings is { } xml)
        {
            // The template's path (often C:\Users\<name>\...), document variables set by add-ins, mail-merge sources.
            Remove(xml.Elements<AttachedTemplate>().Cast<OpenXmlElement>().Concat(xml.Elements<DocumentVariables>()).Concat(xml.Elements<MailMerge>()));
            xml.Save();
        }

        foreach (var external in settings.ExternalRelationships.ToList())
        {
            settings.DeleteExternalRelationship(external);
        }
    }

    private static void StripChart(ChartPart chart)
    {
        // A chart keeps its drawn values; the workbook behind it (with its own author) goes.
        if (chart.EmbeddedPackagePart is { } workbook)
        {
            chart.DeletePart(workbook);
        }

        if (chart.ChartSpace is { } space)
        {
            Remove(space.Elements().Where(e => e.LocalName == "externalData" && e.NamespaceUri == ChartNamespace));
            space.Save();
        }
    }

    private static void AcceptRevisions(OpenXmlElement root, Anonymising level)
    {
        foreach (var element in root.Descendants().Where(e => e.NamespaceUri == WordNamespace && RevisionsRemoved.Contains(e.LocalName)).ToList())
        {
            // For metadata only, deleted text stays (as today) but loses its author below.
            if (level == Anonymising.Metadata && element.LocalName is "del" or "moveFrom" && element.HasChildren)
            {
                continue;
            }

            element.Remove();
        }

        if (level == Anonymising.ForBlindMarking)
        {
            foreach (var kept in root.Descendants().Where(e => e.NamespaceUri == WordNamespace && RevisionsKept.Contains(e.LocalName)).ToList())
            {
                var parent = kept.Parent;
                if (parent is null)
                {
                    continue;
                }

                foreach (var child in kept.ChildElements.ToList())
                {
                    child.Remove();
                    parent.InsertBefore(child, kept);
                }

                kept.Remove();
            }
        }

        // The attributes are required where they remain (an insertion kept as a record), so they are emptied of the name.
        foreach (var element in root.Descendants().ToList())
        {
            foreach (var attribute in element.GetAttributes().Where(a => a.LocalName is "author" or "initials").ToList())
            {
                element.SetAttribute(new OpenXmlAttribute(attribute.Prefix, attribute.LocalName, attribute.NamespaceUri, attribute.LocalName == "author" ? "Author" : "A"));
            }
        }
    }

    /// <summary>Strips EXIF and text chunks from every JPEG and PNG inside the document; refuses pictures whose details cannot be removed.</summary>
    private static string? StripPictures(WordprocessingDocument document)
    {
        foreach (var image in document.GetAllParts().OfType<ImagePart>().Distinct().ToList())
        {
            byte[] data;
            using (var source = image.GetStream(FileMode.Open, FileAccess.Read))
            using (var copy = new MemoryStream())
            {
                source.CopyTo(copy);
                data = copy.ToArray();
            }

            var span = data.AsSpan();
            byte[]? stripped;
            if (span.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
            {
                stripped = StripJpeg(data);
            }
            else if (span.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            {
                stripped = StripPng(data);
            }
            else if (span.StartsWith("II*\0"u8) || span.StartsWith("MM\0*"u8) || (span.Length > 12 && span[8..12].SequenceEqual("WEBP"u8)) || (span.Length > 12 && span[4..12].SequenceEqual("ftypheic"u8)))
            {
                return "The selected Word document has a TIFF, WebP or HEIC picture in it, which can carry details of who took it and where. " +
                    "Change the picture to a PNG or JPEG in Word, or save the document as PDF, and upload that";
            }
            else
            {
                continue;
            }

            if (stripped is null)
            {
                return "The selected Word document has a damaged picture in it. Replace the picture, or save the document as PDF, and upload that";
            }

            using var feed = new MemoryStream(stripped);
            image.FeedData(feed);
        }

        return null;
    }

    private static void Remove(IEnumerable<OpenXmlElement> elements)
    {
        foreach (var element in elements.ToList())
        {
            element.Remove();
        }
    }

    private static void DeleteIfPresent(OpenXmlPartContainer container, OpenXmlPart? part)
    {
        if (part is not null)
        {
            container.DeletePart(part);
        }
    }

    private static StrippedDocument StripPdf(byte[] content, Anonymising level)
    {
        try
        {
            using var source = PdfDocument.Open(content);
            using var builder = new PdfDocumentBuilder { IncludeDocumentInformation = false };
            for (var page = 1; page <= source.NumberOfPages; page++)
            {
                builder.AddPage(source, page, new PdfDocumentBuilder.AddPageOptions { KeepAnnotations = false });
            }

            var rewritten = builder.Build();
            if (level == Anonymising.ForBlindMarking && PdfStillDescribesItsAuthor(rewritten))
            {
                return StrippedDocument.Refuse(PdfNotRewritten);
            }

            return new StrippedDocument(rewritten, null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Some valid PDFs cannot be rewritten page by page: kept as inspected for their owner's own records, refused
            // as evidence markers will read.
            return level == Anonymising.Metadata ? new StrippedDocument(content, null) : StrippedDocument.Refuse(PdfNotRewritten);
        }
    }

    /// <summary>
    /// Whether a rewritten PDF still carries XMP metadata or application data (a page can bring its own along), looked
    /// for in the file and in its compressed streams.
    /// </summary>
    internal static bool PdfStillDescribesItsAuthor(byte[] pdf)
    {
        static bool Describes(ReadOnlySpan<byte> bytes) =>
            bytes.IndexOf("<x:xmpmeta"u8) >= 0 || bytes.IndexOf("<?xpacket"u8) >= 0 || bytes.IndexOf("/PieceInfo"u8) >= 0
            || bytes.IndexOf("/Metadata"u8) >= 0 || bytes.IndexOf("/Author"u8) >= 0;

        return Describes(pdf) || UploadInspector.InflatedStreams(pdf, UploadLimits.Default).Any(s => Describes(s));
    }

    /// <summary>A PNG without its text, EXIF and time chunks, or null when its chunks cannot be read.</summary>
    private static byte[]? StripPng(byte[] content)
    {
        var (chunks, _) = UploadInspector.ReadPngChunks(content);
        if (chunks is null)
        {
            return null;
        }

        using var output = new MemoryStream(content.Length);
        output.Write(content, 0, 8);
        foreach (var (type, offset, length) in chunks.Where(c => !PngMetadataChunks.Contains(c.Type)))
        {
            output.Write(content, offset, length);
        }

        return output.ToArray();
    }

    /// <summary>A JPEG without its EXIF, XMP, IPTC and comment segments, or null when its segments cannot be read.</summary>
    private static byte[]? StripJpeg(byte[] content)
    {
        var (segments, _) = UploadInspector.ReadJpegSegments(content);
        if (segments is null)
        {
            return null;
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
            var main = document.MainDocumentPart;
            if (main?.Document?.Body is not { } body)
            {
                return "";
            }

            var text = new StringBuilder();
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                text.AppendLine(paragraph.InnerText);
            }

            // Whatever Word kept beside the body (footnotes of a CPD attachment, say) is read too.
            foreach (var part in new OpenXmlPartRootElement?[] { main.FootnotesPart?.Footnotes, main.EndnotesPart?.Endnotes }
                .Concat(main.HeaderParts.Select(h => (OpenXmlPartRootElement?)h.Header)).Concat(main.FooterParts.Select(f => (OpenXmlPartRootElement?)f.Footer)))
            {
                foreach (var paragraph in part?.Descendants<Paragraph>() ?? [])
                {
                    text.AppendLine(paragraph.InnerText);
                }
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
