using Accreditation.Core.Data;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Pages.Admin.Media;

/// <summary>One media file: how to place it, where it is used, and deleting it once nothing uses it.</summary>
[Authorize(Policy = Permissions.AreaPolicy)]
public sealed class FileModel(AccreditationDbContext db, MediaLibrary media) : PageModel
{
    /// <summary>The file.</summary>
    public MediaFile Media { get; private set; } = null!;

    /// <summary>Where it is used.</summary>
    public IReadOnlyList<MediaUse> Uses { get; private set; } = [];

    /// <summary>Shows the file.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>Deletes it, or says where it is still used.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await media.DeleteAsync(id, ct) is not { } refused)
        {
            return RedirectToPage("/Admin/Media/Index");
        }

        ModelState.AddModelError("Delete", refused);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await db.Set<MediaFile>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } file)
        {
            return false;
        }

        Media = file;
        Uses = await media.UsesAsync(id, ct);
        return true;
    }
}
