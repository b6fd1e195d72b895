using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Accreditation.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>One of the person's own records, its files (added with the portfolio's upload checks) and removing it.</summary>
[RequestSizeLimit(25L * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25L * 1024 * 1024)]
public sealed class RecordModel(CpdRecords records, CpdAttachments attachments, AccreditationDbContext db, CpdFileStore files, IAuditTrail audit, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>The record.</summary>
    public CpdRecord Record { get; private set; } = null!;

    /// <summary>The file to attach.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>What happened.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the record.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync("cpd.record-viewed", nameof(CpdRecord), id.ToString(), ct: ct);
        return Page();
    }

    /// <summary>Attaches a file, or says why it was refused.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        string? refusal;
        if (Upload is null || Upload.Length == 0)
        {
            refusal = Upload is null ? "Select a file" : "The selected file is empty";
        }
        else if (Upload.Length > CpdAttachments.Limits.MaxBytes)
        {
            refusal = $"The selected file must be smaller than {CpdAttachments.Limits.MaxBytes / (1024 * 1024)} MB";
        }
        else
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            refusal = await attachments.AddAsync(PersonId, id, Upload.FileName, buffer.ToArray(), ct);
        }

        if (refusal is not null)
        {
            ModelState.AddModelError(nameof(Upload), refusal);
            return Page();
        }

        Message = $"Attached {Upload!.FileName}";
        return RedirectToPage("/Cpd/Record", new { id });
    }

    /// <summary>Removes an attached file.</summary>
    public async Task<IActionResult> OnPostRemoveFileAsync(Guid id, Guid fileId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || !await attachments.RemoveAsync(PersonId, id, fileId, ct))
        {
            return NotFound();
        }

        Message = "The file was removed";
        return RedirectToPage("/Cpd/Record", new { id });
    }

    /// <summary>Deletes the record and its files.</summary>
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var record = await db.Set<CpdRecord>().FindAsync([id], ct);
        if (record is null)
        {
            return NotFound();
        }

        db.Remove(record);
        audit.Add("cpd.record-deleted", nameof(CpdRecord), id.ToString());
        await db.SaveChangesAsync(ct);
        foreach (var file in Record.Attachments)
        {
            files.Delete(file.Id);
        }

        TempData["Message"] = $"Deleted: {Record.Title}";
        return RedirectToPage("/Cpd/Index");
    }

    /// <summary>What the upload accepts, for the hint.</summary>
    public static string Accepted => UploadInspector.AcceptedTypes;

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var record = await records.FindOwnAsync(PersonId, id, ct);
        if (record is null)
        {
            return false;
        }

        Record = record;
        return true;
    }
}
