using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Accreditation.Documents;

/// <summary>The kinds of file a portfolio accepts.</summary>
public enum UploadType
{
    /// <summary>PDF document.</summary>
    Pdf,

    /// <summary>Word document (.docx, Office Open XML).</summary>
    Docx,

    /// <summary>PNG image.</summary>
    Png,

    /// <summary>JPEG image.</summary>
    Jpeg,
}

/// <summary>The limits an upload is checked against.</summary>
public sealed record UploadLimits(long MaxBytes, int MaxZipEntries = 1000, long MaxUncompressedBytes = 100L * 1024 * 1024)
{
    /// <summary>The default: 20 MB files, Word documents of at most 1,000 parts and 100 MB once unzipped.</summary>
    public static UploadLimits Default { get; } = new(20L * 1024 * 1024);
}

/// <summary>An accepted upload: its type decided from the content, and the name it may be shown under.</summary>
public sealed record InspectedUpload(UploadType Type, string ContentType, string FileName);

/// <summary>The outcome of inspecting an upload: accepted, or refused with a reason written for the person who uploaded it.</summary>
public sealed record UploadVerdict(InspectedUpload? Accepted, string? Refusal)
{
    /// <summary>Whether the file was accepted.</summary>
    public bool IsAccepted => Accepted is not null;

    internal static UploadVerdict Refuse(string reason) => new(null, reason);
}

/// <summary>
/// Decides whether an uploaded file may be stored. The type is decided by the content (magic bytes) and the extension
/// together; Word files are read as zips without trusting their headers (entries and unzipped bytes are counted while
/// reading, XML parts may carry no DTD); PDFs with scripts, launch actions or embedded files are refused, as are images
/// with data after their end, SVG and web pages whatever they are called. Nothing here touches the disk.
/// </summary>
public static partial class UploadInspector
{
    private static readonly string[] ReservedNames =
    [
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    ];

    private static readonly Dictionary<string, UploadType> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = UploadType.Pdf,
        [".docx"] = UploadType.Docx,
        [".png"] = UploadType.Png,
        [".jpg"] = UploadType.Jpeg,
        [".jpeg"] = UploadType.Jpeg,
    };

    private static readonly string[] MarkupExtensions = [".svg", ".svgz", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".mht", ".mhtml"];

    /// <summary>What the service accepts, for hints and messages.</summary>
    public const string AcceptedTypes = "PDF, Word (.docx), PNG or JPEG";

    /// <summary>The content type stored and served for each accepted type.</summary>
    public static string ContentTypeOf(UploadType type) => type switch
    {
        UploadType.Pdf => "application/pdf",
        UploadType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        UploadType.Png => "image/png",
        _ => "image/jpeg",
    };

    /// <summary>Inspects an upload.</summary>
    public static UploadVerdict Inspect(string? fileName, byte[] content, UploadLimits limits)
    {
        if (CheckFileName(fileName) is { } nameProblem)
        {
            return UploadVerdict.Refuse(nameProblem);
        }

        var name = fileName!.Trim();
        if (content.Length == 0)
        {
            return UploadVerdict.Refuse("The selected file is empty");
        }

        if (content.Length > limits.MaxBytes)
        {
            return UploadVerdict.Refuse($"The selected file must be smaller than {Megabytes(limits.MaxBytes)}");
        }

        var extension = Path.GetExtension(name);
        if (MarkupExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return UploadVerdict.Refuse($"SVG images and web pages cannot be uploaded because they can contain scripts. Upload a {AcceptedTypes} file");
        }

        if (LooksLikeMarkup(content))
        {
            return UploadVerdict.Refuse($"The selected file is a web page or SVG image, whatever its name says, and these can contain scripts. Upload a {AcceptedTypes} file");
        }

        var sniffed = Sniff(content);
        if (!Extensions.TryGetValue(extension, out var declared))
        {
            return UploadVerdict.Refuse(extension.Length == 0
                ? $"The selected file has no extension. Upload a {AcceptedTypes} file"
                : $"The selected file must be a {AcceptedTypes} file, not {extension}");
        }

        if (sniffed is null)
        {
            return UploadVerdict.Refuse(content.AsSpan().StartsWith((byte[])[0xD0, 0xCF, 0x11, 0xE0])
                ? "The selected file is an old Word (.doc) or Office file. Save it as .docx or PDF and upload that"
                : $"The content of the selected file is not a {Describe(declared)}, whatever its name says");
        }

        if (sniffed != declared)
        {
            return UploadVerdict.Refuse($"The selected file is named as a {Describe(declared)} but its content is a {Describe(sniffed.Value)}. Rename it or upload the right file");
        }

        var problem = sniffed switch
        {
            UploadType.Pdf => CheckPdf(content, limits),
            UploadType.Docx => CheckDocx(content, limits),
            UploadType.Png => CheckPng(content),
            _ => CheckJpeg(content),
        };
        return problem is null
            ? new UploadVerdict(new InspectedUpload(sniffed.Value, ContentTypeOf(sniffed.Value), name), null)
            : UploadVerdict.Refuse(problem);
    }

    /// <summary>Why a file name cannot be accepted, or null when it can (it is shown and used for downloads only, never for storage).</summary>
    public static string? CheckFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return "Select a file";
        }

        if (fileName.Length > 200)
        {
            return "The file name must be 200 characters or fewer. Rename the file and upload it again";
        }

        if (fileName.Any(c => char.IsControl(c)))
        {
            return "The file name contains control characters (such as a null character). Rename the file and upload it again";
        }

        if (fileName.Any(IsBidiControl))
        {
            return "The file name contains hidden characters that change the direction of text and can disguise a file's type. Rename the file and upload it again";
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.Contains("..", StringComparison.Ordinal) || fileName.Contains(':', StringComparison.Ordinal))
        {
            return "The file name must not contain folder names, slashes, colons or \"..\". Rename the file and upload it again";
        }

        if (fileName.IndexOfAny(['<', '>', '|', '?', '*']) >= 0)
        {
            return "The file name must not contain < > | ? or *. Rename the file and upload it again";
        }

        var stem = fileName.Trim().Split('.')[0].TrimEnd(' ');
        if (ReservedNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            return $"\"{stem}\" is a name reserved by Windows for a device and cannot be used as a file name. Rename the file and upload it again";
        }

        if (fileName.Trim().EndsWith('.'))
        {
            return "The file name must not end with a full stop. Rename the file and upload it again";
        }

        return null;
    }

    private static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string Describe(UploadType type) => type switch
    {
        UploadType.Pdf => "PDF",
        UploadType.Docx => "Word document (.docx)",
        UploadType.Png => "PNG image",
        _ => "JPEG image",
    };

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{Math.Ceiling(bytes / 1024.0)} KB";

    /// <summary>The type the content's first bytes say it is, or null for none we accept.</summary>
    public static UploadType? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return UploadType.Pdf;
        }

        if (content.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return UploadType.Png;
        }

        if (content.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return UploadType.Jpeg;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return UploadType.Docx;
        }

        return null;
    }

    /// <summary>Whether the content starts like HTML, SVG or XML (after a byte-order mark and white space), in UTF-8 or UTF-16.</summary>
    private static bool LooksLikeMarkup(byte[] content)
    {
        var head = content.AsSpan(0, Math.Min(content.Length, 1024));
        string text;
        if (head.StartsWith((byte[])[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(head[2..]);
        }
        else if (head.StartsWith((byte[])[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(head[2..]);
        }
        else
        {
            text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF');
        }

        text = text.TrimStart();
        if (text.StartsWith('<'))
        {
            return true;
        }

        // Browsers sniff markup anywhere near the start; a PDF or image never has these in its first bytes.
        return MarkupStart().IsMatch(text) && Sniff(content) is null;
    }

    [GeneratedRegex(@"<\s*(!doctype|html|svg|script|body|head|iframe|\?xml)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkupStart();

    // ---- PDF -------------------------------------------------------------------------------------------------

    private static readonly string[] DangerousPdfNames = ["/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA", "/SubmitForm", "/ImportData", "/GoToE"];

    private static string? CheckPdf(byte[] content, UploadLimits limits)
    {
        var found = FindDangerousPdfName(content, limits);
        if (found is not null)
        {
            return found switch
            {
                "/JavaScript" or "/JS" => "The selected PDF contains JavaScript, which is not accepted. Print it to a new PDF (or save it as PDF/A) and upload that",
                "/Launch" => "The selected PDF contains an action that starts another program, which is not accepted. Print it to a new PDF and upload that",
                "/EmbeddedFile" or "/EmbeddedFiles" => "The selected PDF has other files attached inside it, which is not accepted. Upload each file on its own",
                _ => $"The selected PDF contains active content ({found[1..]}), which is not accepted. Print it to a new PDF and upload that",
            };
        }

        try
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(content);
            if (document.NumberOfPages < 1)
            {
                return "The selected PDF has no pages";
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return "The selected PDF could not be read: it may be damaged or password-protected. Save it again as a PDF and upload that";
        }

        return null;
    }

    /// <summary>
    /// Looks for dangerous names in the file and inside its compressed streams (object streams hide dictionaries), with
    /// #xx escapes in names decoded, so "/J#61vaScript" is "/JavaScript".
    /// </summary>
    internal static string? FindDangerousPdfName(byte[] content, UploadLimits limits)
    {
        if (FindDangerousName(content) is { } direct)
        {
            return direct;
        }

        long inflatedTotal = 0;
        foreach (var inflated in InflatedStreams(content, limits))
        {
            inflatedTotal += inflated.Length;
            if (FindDangerousName(inflated) is { } hidden)
            {
                return hidden;
            }

            if (inflatedTotal >= limits.MaxUncompressedBytes)
            {
                return "/too-much-compressed-content";
            }
        }

        return null;
    }

    /// <summary>
    /// The inflated contents of a PDF's zlib-compressed streams, found by their "stream" and "endstream" keywords (never
    /// trusting the /Length a file declares), together no more than the limit's uncompressed bytes.
    /// </summary>
    internal static IEnumerable<byte[]> InflatedStreams(byte[] content, UploadLimits limits)
    {
        long inflatedTotal = 0;
        var position = 0;
        while (inflatedTotal < limits.MaxUncompressedBytes)
        {
            var start = content.AsSpan(position).IndexOf("stream"u8);
            if (start < 0)
            {
                yield break;
            }

            start += position;
            var dataStart = start + 6;
            if (start >= 3 && content.AsSpan(start - 3, 3).SequenceEqual("end"u8))
            {
                position = dataStart;
                continue;
            }

            if (dataStart < content.Length && content[dataStart] == '\r')
            {
                dataStart++;
            }

            if (dataStart < content.Length && content[dataStart] == '\n')
            {
                dataStart++;
            }

            var end = content.AsSpan(dataStart).IndexOf("endstream"u8);
            if (end < 0)
            {
                yield break;
            }

            var data = content.AsMemory(dataStart, end);
            position = dataStart + end + 9;
            var inflated = TryInflate(data, limits.MaxUncompressedBytes - inflatedTotal);
            if (inflated is null)
            {
                continue;
            }

            inflatedTotal += inflated.Length;
            yield return inflated;
        }
    }

    private static byte[]? TryInflate(ReadOnlyMemory<byte> data, long budget)
    {
        if (data.Length < 2 || budget <= 0)
        {
            return null;
        }

        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = zlib.Read(buffer, 0, buffer.Length)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > budget)
                {
                    break;
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string? FindDangerousName(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != '/')
            {
                continue;
            }

            var name = new StringBuilder("/");
            var j = i + 1;
            while (j < bytes.Length && name.Length < 40 && !IsPdfDelimiter(bytes[j]))
            {
                if (bytes[j] == '#' && j + 2 < bytes.Length && IsHex(bytes[j + 1]) && IsHex(bytes[j + 2]))
                {
                    name.Append((char)Convert.ToByte(Encoding.ASCII.GetString(bytes.Slice(j + 1, 2)), 16));
                    j += 3;
                }
                else
                {
                    name.Append((char)bytes[j]);
                    j++;
                }
            }

            var text = name.ToString();
            foreach (var dangerous in DangerousPdfNames)
            {
                if (string.Equals(text, dangerous, StringComparison.Ordinal))
                {
                    return dangerous == "/EmbeddedFiles" ? "/EmbeddedFile" : dangerous;
                }
            }

            i = j - 1;
        }

        return null;
    }

    private static bool IsPdfDelimiter(byte b) =>
        b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t' or (byte)'\f' or 0 or (byte)'/' or (byte)'[' or (byte)']'
            or (byte)'<' or (byte)'>' or (byte)'(' or (byte)')' or (byte)'{' or (byte)'}' or (byte)'%';

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    // ---- DOCX ------------------------------------------------------------------------------------------------

    private static string? CheckDocx(byte[] content, UploadLimits limits)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var count = 0;
            long total = 0;
            var hasContentTypes = false;
            var hasDocument = false;
            foreach (var entry in zip.Entries)
            {
                if (++count > limits.MaxZipEntries)
                {
                    return $"The selected Word document has more than {limits.MaxZipEntries} parts, so it cannot be accepted";
                }

                var entryName = entry.FullName;
                if (entryName.Contains("..", StringComparison.Ordinal) || entryName.StartsWith('/') || entryName.Contains('\\', StringComparison.Ordinal) || entryName.Contains(':', StringComparison.Ordinal))
                {
                    return "The selected Word document has a part with an unsafe name, so it cannot be accepted";
                }

                if (entryName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase))
                {
                    return "The selected Word document contains macros, which are not accepted. Save it as a .docx without macros and upload that";
                }

                hasContentTypes |= entryName == "[Content_Types].xml";
                hasDocument |= entryName == "word/document.xml";
                using var stream = new CountingStream(entry.Open(), limits.MaxUncompressedBytes - total);
                if (entryName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entryName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                {
                    var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 };
                    using var reader = XmlReader.Create(stream, settings);
                    while (reader.Read())
                    {
                    }
                }
                else
                {
                    stream.CopyTo(Stream.Null);
                }

                total += stream.BytesRead;
            }

            if (!hasContentTypes || !hasDocument)
            {
                return "The selected file is a zip archive, not a Word document (.docx)";
            }
        }
        catch (TooLargeException)
        {
            return $"The selected Word document unzips to more than {Megabytes(limits.MaxUncompressedBytes)}, so it cannot be accepted";
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return "The selected Word document contains a document type declaration (DTD), which could be used to read other files. Save it again from Word and upload that";
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException or IOException or NotSupportedException)
        {
            return "The selected Word document is damaged and could not be read. Save it again from Word and upload that";
        }

        return null;
    }

    /// <summary>Counts bytes read and stops when a budget runs out, whatever the zip's headers claimed.</summary>
    private sealed class CountingStream(Stream inner, long budget) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            if (BytesRead > budget)
            {
                throw new TooLargeException();
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class TooLargeException : Exception;

    // ---- Images ----------------------------------------------------------------------------------------------

    /// <summary>The chunks of a PNG (offset and length of each whole chunk), or null with a reason.</summary>
    internal static (List<(string Type, int Offset, int Length)>? Chunks, string? Problem) ReadPngChunks(byte[] content)
    {
        var chunks = new List<(string, int, int)>();
        var position = 8;
        while (true)
        {
            if (position + 12 > content.Length)
            {
                return (null, "The selected PNG image is incomplete or damaged");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(position, 4));
            if (length > int.MaxValue || position + 12 + (long)length > content.Length)
            {
                return (null, "The selected PNG image is incomplete or damaged");
            }

            var type = Encoding.ASCII.GetString(content, position + 4, 4);
            if (!type.All(char.IsAsciiLetter))
            {
                return (null, "The selected PNG image is damaged");
            }

            var whole = 12 + (int)length;
            var crc = BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(position + 8 + (int)length, 4));
            if (Crc32(content.AsSpan(position + 4, 4 + (int)length)) != crc)
            {
                return (null, "The selected PNG image is damaged (a checksum does not match)");
            }

            if (chunks.Count == 0 && type != "IHDR")
            {
                return (null, "The selected PNG image is damaged");
            }

            chunks.Add((type, position, whole));
            position += whole;
            if (type == "IEND")
            {
                return position == content.Length
                    ? (chunks, null)
                    : (null, "The selected PNG image has other data hidden after the end of the picture, so it cannot be accepted");
            }
        }
    }

    private static string? CheckPng(byte[] content) => ReadPngChunks(content).Problem;

    /// <summary>The segments of a JPEG up to and including EOI (marker, offset, length), or null with a reason.</summary>
    internal static (List<(byte Marker, int Offset, int Length)>? Segments, string? Problem) ReadJpegSegments(byte[] content)
    {
        var segments = new List<(byte, int, int)> { (0xD8, 0, 2) };
        var position = 2;
        while (position < content.Length)
        {
            if (content[position] != 0xFF)
            {
                return (null, "The selected JPEG image is damaged");
            }

            var markerStart = position;
            while (position < content.Length && content[position] == 0xFF)
            {
                position++;
            }

            if (position >= content.Length)
            {
                break;
            }

            var marker = content[position++];
            if (marker == 0xD9)
            {
                segments.Add((marker, markerStart, position - markerStart));
                return position == content.Length || content.AsSpan(position).IndexOfAnyExcept((byte)0) < 0
                    ? (segments, null)
                    : (null, "The selected JPEG image has other data hidden after the end of the picture, so it cannot be accepted");
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                segments.Add((marker, markerStart, position - markerStart));
                continue;
            }

            if (position + 2 > content.Length)
            {
                break;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content.AsSpan(position, 2));
            if (length < 2 || position + length > content.Length)
            {
                break;
            }

            position += length;
            if (marker == 0xDA)
            {
                // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
                while (position + 1 < content.Length && !(content[position] == 0xFF && content[position + 1] is not 0x00 and not (>= 0xD0 and <= 0xD7) and not 0xFF))
                {
                    position++;
                }
            }

            segments.Add((marker, markerStart, position - markerStart));
        }

        return (null, "The selected JPEG image is incomplete or damaged");
    }

    private static string? CheckJpeg(byte[] content) => ReadJpegSegments(content).Problem;

    /// <summary>The CRC-32 PNG chunks carry (the ISO-HDLC polynomial, as System.IO.Hashing computes it).</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
