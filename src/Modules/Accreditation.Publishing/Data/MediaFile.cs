namespace Accreditation.Publishing.Data;

/// <summary>Whether a media file is a picture or a guidance document.</summary>
public enum MediaKind
{
    /// <summary>A PNG or JPEG picture, shown in pages with its alternative text.</summary>
    Image,

    /// <summary>A PDF or Word document, linked from pages for download.</summary>
    Document,
}

/// <summary>
/// A picture or document in the media library: what it is, its alternative text or title, and its size. The stored copy
/// has been through the evidence upload checks and lost its metadata; pictures were decoded and re-encoded.
/// </summary>
public sealed class MediaFile
{
    /// <summary>Id (also the stored file's name).</summary>
    public Guid Id { get; set; }

    /// <summary>Picture or document.</summary>
    public MediaKind Kind { get; set; }

    /// <summary>For a picture, its alternative text; for a document, its title (the link's words and the downloaded file's name).</summary>
    public required string Text { get; set; }

    /// <summary>The stored content type.</summary>
    public required string ContentType { get; set; }

    /// <summary>The stored file's extension, without the dot (png, jpg, pdf, docx).</summary>
    public required string Extension { get; set; }

    /// <summary>Bytes stored.</summary>
    public long Length { get; set; }

    /// <summary>A picture's width in pixels (0 for documents).</summary>
    public int Width { get; set; }

    /// <summary>A picture's height in pixels (0 for documents).</summary>
    public int Height { get; set; }

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>User id of who uploaded it.</summary>
    public string? UploadedBy { get; set; }
}

/// <summary>A smaller copy of a picture, made when it was uploaded, served when a page asks for that width.</summary>
public sealed class MediaVariant
{
    /// <summary>Id (also the stored file's name).</summary>
    public Guid Id { get; set; }

    /// <summary>The picture.</summary>
    public Guid MediaFileId { get; set; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; set; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; set; }

    /// <summary>Bytes stored.</summary>
    public long Length { get; set; }
}
