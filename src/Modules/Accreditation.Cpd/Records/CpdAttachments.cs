using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Files;
using Accreditation.Cpd.Data;
using Accreditation.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Accreditation.Cpd.Records;

/// <summary>CPD attachments: the file store's "cpd-files" area, named by id (see <see cref="IFileStore"/>).</summary>
public sealed class CpdFileStore(IFileStore files) : FileArea(files, "cpd-files");

/// <summary>
/// Attaches files to CPD records with the portfolio's upload safety: <see cref="UploadInspector"/> decides, metadata is
/// stripped from the stored copy, and a refused file leaves nothing behind.
/// </summary>
public sealed class CpdAttachments(AccreditationDbContext db, CpdFileStore files, TimeProvider clock, IIdSource ids, IAuditTrail audit, ILogger<CpdAttachments> logger)
{
    /// <summary>The largest file accepted.</summary>
    public static readonly UploadLimits Limits = UploadLimits.Default;

    /// <summary>Checks and stores a file on the person's own record; returns why it was refused, or null.</summary>
    public async Task<string?> AddAsync(string ownerId, Guid recordId, string? fileName, byte[] content, CancellationToken ct)
    {
        if (!await db.Set<CpdRecord>().AnyAsync(r => r.Id == recordId && r.OwnerId == ownerId, ct))
        {
            return "This record no longer exists";
        }

        var verdict = UploadInspector.Inspect(fileName, content, Limits);
        if (!verdict.IsAccepted)
        {
            logger.LogInformation("CPD upload refused for record {Record}: {Reason}", recordId, verdict.Refusal);
            return verdict.Refusal;
        }

        var accepted = verdict.Accepted!;
        var stripped = DocumentMetadata.Strip(accepted.Type, content, Anonymising.Metadata);
        if (!stripped.IsStripped)
        {
            logger.LogInformation("CPD upload refused for record {Record}: {Reason}", recordId, stripped.Refusal);
            return stripped.Refusal;
        }

        var stored = stripped.Content!;
        var attachment = new CpdAttachment
        {
            Id = ids.NewId(),
            RecordId = recordId,
            FileName = accepted.FileName,
            ContentType = accepted.ContentType,
            Length = stored.Length,
            StoredAt = clock.GetUtcNow(),
        };
        try
        {
            await files.SaveAsync(attachment.Id, stored, ct);
        }
        catch (IOException ex) when (StorageFull.Is(ex))
        {
            // Nothing was written and no row added: the person can try again once an operator has made room.
            logger.LogError(ex, "CPD attachment for record {Record} not stored: the file store is full", recordId);
            return StorageFull.Message;
        }

        try
        {
            db.Add(attachment);
            audit.Add("cpd.attachment-added", nameof(CpdRecord), recordId.ToString(), $"{accepted.Type}, {stored.Length} bytes");
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(attachment.Id);
            throw;
        }

        return null;
    }

    /// <summary>Removes a file from the person's own record; false when there is no such file.</summary>
    public async Task<bool> RemoveAsync(string ownerId, Guid recordId, Guid attachmentId, CancellationToken ct)
    {
        var attachment = await db.Set<CpdAttachment>()
            .SingleOrDefaultAsync(a => a.Id == attachmentId && a.RecordId == recordId && db.Set<CpdRecord>().Any(r => r.Id == recordId && r.OwnerId == ownerId), ct);
        if (attachment is null)
        {
            return false;
        }

        db.Remove(attachment);
        audit.Add("cpd.attachment-removed", nameof(CpdRecord), recordId.ToString(), attachment.Id.ToString());
        await db.SaveChangesAsync(ct);
        files.Delete(attachment.Id);
        return true;
    }
}
