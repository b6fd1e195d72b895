using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Files;
using Accreditation.Documents;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Accreditation.Publishing.Media;

/// <summary>Media files and their smaller copies: the file store's "media" area, named by id (see <see cref="IFileStore"/>).</summary>
public sealed class MediaFileStore(IFileStore files) : FileArea(files, "media");

/// <summary>A page, update or menu link that uses a media file.</summary>
public sealed record MediaUse(string What, string Title, string AdminUrl);

/// <summary>
/// The media library: uploads go through the same checks as evidence (<see cref="UploadInspector"/>); pictures are then
/// decoded with SkiaSharp (a file that does not decode is refused, whatever its name), re-encoded without their metadata
/// and given smaller copies at <see cref="Widths"/>; documents lose their metadata through
/// <see cref="DocumentMetadata"/>. A file is deleted only when no page, update or menu link uses it.
/// </summary>
public sealed class MediaLibrary(AccreditationDbContext db, MediaFileStore store, IIdSource ids, TimeProvider clock, IAuditTrail audit)
{
    /// <summary>The file store area media files are kept in.</summary>
    public string Area => store.Area;

    /// <summary>The widths of the smaller copies made of a picture wider than them.</summary>
    public static readonly IReadOnlyList<int> Widths = [320, 640, 960];

    /// <summary>The largest picture accepted, in pixels, so a small file cannot unpack into an enormous one.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>The largest file accepted.</summary>
    public static readonly UploadLimits Limits = new(10L * 1024 * 1024);

    /// <summary>Adds a file; returns its id, or the field and message saying why it was refused.</summary>
    public async Task<(Guid? Id, string? Field, string? Error)> UploadAsync(string? fileName, byte[]? content, string? text, string? userId, CancellationToken ct = default)
    {
        var (type, field, error) = Check(fileName, content, text);
        if (error is not null)
        {
            return (null, field, error);
        }

        var image = type is UploadType.Png or UploadType.Jpeg;
        var id = ids.NewId();
        var file = new MediaFile
        {
            Id = id,
            Kind = image ? MediaKind.Image : MediaKind.Document,
            Text = text!.Trim(),
            ContentType = UploadInspector.ContentTypeOf(type),
            Extension = type switch { UploadType.Png => "png", UploadType.Jpeg => "jpg", UploadType.Pdf => "pdf", _ => "docx" },
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = userId,
        };
        var (copies, refusal) = image ? PictureCopies(file, type, content!) : DocumentCopy(file, type, content!);
        if (refusal is not null)
        {
            return (null, "File", refusal);
        }

        return await StoreAsync(file, copies!, ct) ? (id, null, null) : (null, "File", StorageFull.Message);
    }

    // The file checked by its content and the text it needs (alternative text for a picture, a title for a document).
    private static (UploadType Type, string? Field, string? Error) Check(string? fileName, byte[]? content, string? text)
    {
        if (content is not { Length: > 0 })
        {
            return (default, "File", "Select a picture or document");
        }

        var verdict = UploadInspector.Inspect(fileName, content, Limits);
        if (!verdict.IsAccepted)
        {
            return (default, "File", verdict.Refusal);
        }

        var type = verdict.Accepted!.Type;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return (type, "Text", type is UploadType.Png or UploadType.Jpeg
                ? "Enter alternative text: say what the picture shows for people who cannot see it"
                : "Enter the document's title");
        }

        return text.Length > PublishingModel.MediaTextLength
            ? (type, "Text", $"The text must be {PublishingModel.MediaTextLength} characters or fewer")
            : (type, null, null);
    }

    // A picture's copies to store: the original re-encoded and its smaller sizes (each a variant row), or why it cannot be read.
    private (List<(Guid Key, byte[] Bytes)>? Copies, string? Refusal) PictureCopies(MediaFile file, UploadType type, byte[] content)
    {
        if (Pictures(content, type) is not { } pictures)
        {
            return (null, "The selected file is not a picture we can read. Save it again as a PNG or JPEG and upload that");
        }

        (file.Width, file.Height) = (pictures.Width, pictures.Height);
        file.Length = pictures.Original.Length;
        var copies = new List<(Guid, byte[])> { (file.Id, pictures.Original) };
        foreach (var (width, height, bytes) in pictures.Smaller)
        {
            var variant = new MediaVariant { Id = ids.NewId(), MediaFileId = file.Id, Width = width, Height = height, Length = bytes.Length };
            db.Set<MediaVariant>().Add(variant);
            copies.Add((variant.Id, bytes));
        }

        return (copies, null);
    }

    // A document's one copy, its metadata stripped, or why it cannot be.
    private static (List<(Guid Key, byte[] Bytes)>? Copies, string? Refusal) DocumentCopy(MediaFile file, UploadType type, byte[] content)
    {
        var stripped = DocumentMetadata.Strip(type, content, Anonymising.Metadata);
        if (!stripped.IsStripped)
        {
            return (null, stripped.Refusal);
        }

        file.Length = stripped.Content!.Length;
        return ([(file.Id, stripped.Content!)], null);
    }

    // Every copy, then the rows; false when the store is full (nothing kept). Any other failure removes the copies too.
    private async Task<bool> StoreAsync(MediaFile file, List<(Guid Key, byte[] Bytes)> copies, CancellationToken ct)
    {
        db.Set<MediaFile>().Add(file);
        audit.Add("media.uploaded", nameof(MediaFile), file.Id.ToString(), $"{file.Kind}: {file.Text}");
        try
        {
            foreach (var (key, bytes) in copies)
            {
                await store.SaveAsync(key, bytes, ct);
            }

            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception ex)
        {
            foreach (var (key, _) in copies)
            {
                store.Delete(key);
            }

            if (StorageFull.Is(ex))
            {
                // Nothing was kept (each stored copy was removed above, and the row was never saved): say so, not a 500.
                db.ChangeTracker.Clear();
                return false;
            }

            throw;
        }
    }

    /// <summary>Where the file is used: the current text of pages and updates, and menu links (checked before deletion).</summary>
    public async Task<IReadOnlyList<MediaUse>> UsesAsync(Guid id, CancellationToken ct = default)
    {
        var mark = "/media/" + id;
        var items = await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Body.Contains(mark))
            .Select(u => new { u.Id, u.Kind, u.Title }).ToListAsync(ct);
        var links = await db.Set<MenuItem>().AsNoTracking().Where(m => m.Url != null && m.Url.Contains(mark)).Select(m => new { m.Id, m.Label }).ToListAsync(ct);
        return items.Select(i => new MediaUse(i.Kind == PublicationKind.Page ? "Page" : "Practice update", i.Title, $"/admin/publishing/{i.Id}"))
            .Concat(links.Select(l => new MediaUse("Menu link", l.Label, $"/admin/menus/edit/{l.Id}")))
            .ToList();
    }

    /// <summary>Deletes a file no longer used; returns why not otherwise.</summary>
    public async Task<string?> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        var file = await db.Set<MediaFile>().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (file is null)
        {
            return "The file no longer exists.";
        }

        if ((await UsesAsync(id, ct)).Count > 0)
        {
            return "The file is still used. Remove it from the pages, updates and links listed, then delete it.";
        }

        var variants = await db.Set<MediaVariant>().Where(v => v.MediaFileId == id).Select(v => v.Id).ToListAsync(ct);
        db.Set<MediaFile>().Remove(file);
        audit.Add("media.deleted", nameof(MediaFile), id.ToString(), $"{file.Kind}: {file.Text}");
        await db.SaveChangesAsync(ct);
        foreach (var key in variants.Append(id))
        {
            store.Delete(key);
        }

        return null;
    }

    /// <summary>
    /// The stored copy to serve for a file: for a picture and a width, the smallest copy at least that wide (the original
    /// when that copy is missing). Null when there is no such file; a null stream when its bytes are missing from the store.
    /// </summary>
    public async Task<(MediaFile File, Stream? Content)?> OpenAsync(Guid id, int? width, CancellationToken ct = default)
    {
        var file = await db.Set<MediaFile>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        if (file is null)
        {
            return null;
        }

        var key = id;
        if (width is > 0 && file.Kind == MediaKind.Image)
        {
            var variants = await db.Set<MediaVariant>().AsNoTracking().Where(v => v.MediaFileId == id).ToListAsync(ct);
            key = variants.Where(v => v.Width >= width).OrderBy(v => v.Width).Select(v => (Guid?)v.Id).FirstOrDefault() ?? id;
        }

        return (file, store.Open(key) ?? (key == id ? null : store.Open(id)));
    }

    private sealed record Encoded(int Width, int Height, byte[] Original, IReadOnlyList<(int Width, int Height, byte[] Bytes)> Smaller);

    // Decodes the picture (refusing what does not decode or is too large once decoded) and re-encodes it and its smaller
    // copies: what is stored is only pixels, none of the file's metadata (EXIF, GPS position, text chunks).
    private static Encoded? Pictures(byte[] content, UploadType type)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(content));
        if (codec is null || (long)codec.Info.Width * codec.Info.Height is <= 0 or > MaxPixels)
        {
            return null;
        }

        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null)
        {
            return null;
        }

        var format = type == UploadType.Png ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        var smaller = new List<(int, int, byte[])>();
        foreach (var width in Widths.Where(w => w < bitmap.Width))
        {
            var height = Math.Max(1, (int)Math.Round((double)bitmap.Height * width / bitmap.Width));
            using var resized = bitmap.Resize(new SKImageInfo(width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            smaller.Add((width, height, Encode(resized, format)));
        }

        return new Encoded(bitmap.Width, bitmap.Height, Encode(bitmap, format), smaller);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 85);
        return data.ToArray();
    }
}
