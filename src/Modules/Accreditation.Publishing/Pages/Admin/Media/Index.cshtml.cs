using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Media;

/// <summary>The media library: every picture and document with the Markdown that places it in a page, and the upload form.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
[RequestFormLimits(MultipartBodyLengthLimit = 11 * 1024 * 1024)]
[RequestSizeLimit(11 * 1024 * 1024)]
public sealed class IndexModel(AccreditationDbContext db, MediaLibrary media) : PageModel
{
    /// <summary>The file chosen.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>Alternative text of a picture, or a document's title.</summary>
    [BindProperty]
    public string? Text { get; set; }

    /// <summary>Every file, newest first.</summary>
    public IReadOnlyList<MediaFile> Files { get; private set; } = [];

    /// <summary>Lists the library.</summary>
    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>Uploads a file, or shows why it was refused next to the field.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        byte[]? content = null;
        if (Upload is { Length: > 0 } && Upload.Length <= MediaLibrary.Limits.MaxBytes)
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        ModelState.Clear();
        if (Upload is { } chosen && chosen.Length > MediaLibrary.Limits.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The selected file must be smaller than 10 MB");
        }
        else
        {
            var (id, field, error) = await media.UploadAsync(Upload?.FileName, content, Text, User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
            if (id is not null)
            {
                return RedirectToPage("/Admin/Media/File", new { id });
            }

            ModelState.AddModelError(field == "File" ? nameof(Upload) : field!, error!);
        }

        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The first error of a field, or null.</summary>
    public string? ErrorFor(string field) =>
        ModelState[field]?.Errors.Count > 0 ? ModelState[field]!.Errors[0].ErrorMessage : null;

    /// <summary>The Markdown that places a file in a page.</summary>
    public static string MarkdownFor(MediaFile file) => file.Kind == MediaKind.Image
        ? $"![{file.Text.Replace("]", "", StringComparison.Ordinal)}](/media/{file.Id}?w=640)"
        : $"[{file.Text.Replace("]", "", StringComparison.Ordinal)} ({file.Extension.ToUpperInvariant()}, {Size(file.Length)})](/media/{file.Id})";

    /// <summary>A size as people read it.</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024 ? $"{Math.Max(1, bytes / 1024)} KB" : $"{bytes / (1024.0 * 1024):0.#} MB";

    private async Task LoadAsync(CancellationToken ct) =>
        Files = (await db.Set<MediaFile>().AsNoTracking().ToListAsync(ct)).OrderByDescending(m => m.UploadedAt).ToList();
}
