using System.Globalization;
using System.IO.Compression;
using System.Text;
using Accreditation.Research.Library;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace Accreditation.Research.Imports;

/// <summary>One record read from an import file, with the line it starts on and what is wrong with it.</summary>
public sealed class ImportRow
{
    /// <summary>The file it came from.</summary>
    public string File { get; init; } = "";

    /// <summary>The line the record starts on (1 for a whole PDF or Word document).</summary>
    public int Line { get; init; }

    /// <summary>Title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Authors, separated by semicolons.</summary>
    public string Authors { get; set; } = "";

    /// <summary>Year.</summary>
    public int? Year { get; set; }

    /// <summary>Publisher or source.</summary>
    public string Source { get; set; } = "";

    /// <summary>Type, when the file says.</summary>
    public ResearchItemType? Type { get; set; }

    /// <summary>Abstract.</summary>
    public string Abstract { get; set; } = "";

    /// <summary>Full text (PDF and Word documents).</summary>
    public string FullText { get; set; } = "";

    /// <summary>Topic names.</summary>
    public List<string> Topics { get; } = [];

    /// <summary>KSS statement references.</summary>
    public List<string> KssStatements { get; } = [];

    /// <summary>Evidence level name.</summary>
    public string? Evidence { get; set; }

    /// <summary>Access, when the file says.</summary>
    public ResearchAccess? Access { get; set; }

    /// <summary>Link.</summary>
    public string Link { get; set; } = "";

    /// <summary>DOI.</summary>
    public string Doi { get; set; } = "";

    /// <summary>Whether to publish, when the file says.</summary>
    public bool? Published { get; set; }

    /// <summary>What is wrong; a row with errors stops the whole import.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Things worth knowing that do not stop the import.</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>What an uploaded file is, decided by its content (never its name).</summary>
public enum ImportFormat
{
    /// <summary>Not a format the library imports.</summary>
    Unknown,

    /// <summary>RIS citation records.</summary>
    Ris,

    /// <summary>Comma-separated values with a header row.</summary>
    Csv,

    /// <summary>A PDF document.</summary>
    Pdf,

    /// <summary>A Word document (.docx).</summary>
    Docx,
}

/// <summary>Recognises import files by their content and reads them into rows.</summary>
public static class ImportReaders
{
    /// <summary>Largest file accepted.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>Decides the format from the bytes: PDF and Word by their signatures, RIS and CSV by their first line.</summary>
    public static ImportFormat Detect(byte[] content)
    {
        if (content.Length >= 5 && Encoding.ASCII.GetString(content, 0, 5) == "%PDF-")
        {
            return ImportFormat.Pdf;
        }

        if (content.Length >= 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4)
        {
            try
            {
                using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
                return zip.GetEntry("word/document.xml") is not null ? ImportFormat.Docx : ImportFormat.Unknown;
            }
            catch (InvalidDataException)
            {
                return ImportFormat.Unknown;
            }
        }

        if (Text(content) is not { } text)
        {
            return ImportFormat.Unknown;
        }

        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (first.StartsWith("TY  -", StringComparison.Ordinal))
        {
            return ImportFormat.Ris;
        }

        var header = CsvReader.Fields(first);
        return header.Any(h => string.Equals(h.Trim(), "title", StringComparison.OrdinalIgnoreCase)) ? ImportFormat.Csv : ImportFormat.Unknown;
    }

    /// <summary>The content as UTF-8 text, or null when it is not text (holds NUL or invalid bytes).</summary>
    public static string? Text(byte[] content)
    {
        if (Array.IndexOf(content, (byte)0) >= 0)
        {
            return null;
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Reads the file's rows; a file it cannot read gives one row with the error.</summary>
    public static IReadOnlyList<ImportRow> Read(string fileName, byte[] content, LibraryVocabulary vocabulary) => Detect(content) switch
    {
        ImportFormat.Ris => RisReader.Read(fileName, Text(content)!, vocabulary),
        ImportFormat.Csv => CsvReader.Read(fileName, Text(content)!, vocabulary),
        ImportFormat.Pdf => [Document(fileName, () => Pdf(content))],
        ImportFormat.Docx => [Document(fileName, () => Docx(content))],
        _ => [Failed(fileName, "The file is not a RIS, CSV, PDF or Word (.docx) file.")],
    };

    private static ImportRow Failed(string fileName, string error)
    {
        var row = new ImportRow { File = fileName, Line = 1 };
        row.Errors.Add(error);
        return row;
    }

    private static ImportRow Document(string fileName, Func<(string Title, string Text)> extract)
    {
        try
        {
            var (title, text) = extract();
            var row = new ImportRow { File = fileName, Line = 1, Title = title, FullText = text, Type = ResearchItemType.Other };
            if (string.IsNullOrWhiteSpace(text))
            {
                row.Errors.Add("No text could be read from the document (it may be a scan).");
            }

            if (string.IsNullOrWhiteSpace(title))
            {
                row.Errors.Add("The document has no title and no first line to use as one.");
            }

            row.Notes.Add("Imported as a draft of type Other: check its details before publishing.");
            return row;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(fileName, "The document could not be read; it may be damaged or password-protected.");
        }
    }

    private static (string, string) Pdf(byte[] content)
    {
        using var document = PdfDocument.Open(content);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            text.AppendLine(page.Text);
            text.AppendLine();
        }

        var body = text.ToString().Trim();
        var title = document.Information.Title is { Length: > 0 } t ? t : FirstLine(body);
        return (Clip(title, 500), body);
    }

    private static (string, string) Docx(byte[] content)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(content), false);
        var paragraphs = document.MainDocumentPart?.Document?.Body?
            .Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>()
            .Select(p => p.InnerText.Trim())
            .Where(p => p.Length > 0)
            .ToList() ?? [];
        var body = string.Join("\n\n", paragraphs);
        var title = document.PackageProperties.Title is { Length: > 0 } t ? t : FirstLine(body);
        return (Clip(title, 500), body);
    }

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    private static string Clip(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>Reads a year from text ("2019", "2019/05/01", "2019-05"); null when absent.</summary>
    public static int? YearOf(string text, out bool invalid)
    {
        invalid = false;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        if (trimmed.Length >= 4 && int.TryParse(trimmed[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100)
        {
            return year;
        }

        invalid = true;
        return null;
    }
}

/// <summary>The taxonomy imports are checked against: topic names and evidence level names.</summary>
public sealed record LibraryVocabulary(IReadOnlyCollection<string> Topics, IReadOnlyCollection<string> EvidenceLevels)
{
    /// <summary>The topic as the library spells it, or null.</summary>
    public string? Topic(string name) => Topics.FirstOrDefault(t => string.Equals(t, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The evidence level as the library spells it, or null.</summary>
    public string? Evidence(string name) => EvidenceLevels.FirstOrDefault(t => string.Equals(t, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
