using System.Globalization;
using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Time;
using Accreditation.Documents;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accreditation.Portfolios.Uploads;

/// <summary>The outcome of an upload: the new document item, or why the file was refused.</summary>
public sealed record UploadResult(EvidenceItem? Item, string? Refusal);

/// <summary>How much of a candidate's storage allowance their evidence files take.</summary>
/// <param name="UsedBytes">The files their portfolios' items hold now.</param>
/// <param name="QuotaBytes">The allowance (Portfolios:StorageQuotaBytes).</param>
public sealed record StorageUse(long UsedBytes, long QuotaBytes)
{
    /// <summary>What is left, never below 0.</summary>
    public long LeftBytes => Math.Max(0, QuotaBytes - UsedBytes);

    /// <summary>A size in megabytes as people read it, e.g. "12.5 MB" (or "0.2 MB" for a small file).</summary>
    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString(bytes < 10L * 1024 * 1024 ? "0.0" : "0", CultureInfo.GetCultureInfo("en-GB")) + " MB";
}

/// <summary>
/// Takes an uploaded document into a portfolio: inspects it, strips everything that could name its author or their
/// authority (markers download it, see <see cref="Anonymising.ForBlindMarking"/>), checks the candidate's storage
/// allowance, extracts its text for the privacy check, stores the copy under a new id and records it as a document item,
/// in that order; a refused file leaves nothing behind on disk or in the database.
/// </summary>
public sealed class EvidenceUploads(
    AccreditationDbContext db,
    PortfolioFileStore files,
    IOptions<PortfolioUploadOptions> options,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit,
    ILogger<EvidenceUploads> logger)
{
    /// <summary>The largest file accepted, in bytes.</summary>
    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>How much of the candidate's allowance their evidence files take (the files their portfolios' items hold now).</summary>
    public async Task<StorageUse> StorageOfAsync(string candidateId, CancellationToken ct)
    {
        var enrolments = db.Set<Enrolment>().Where(e => e.CandidateId == candidateId).Select(e => e.Id);
        var fileIds = db.Set<EvidenceItem>().Where(i => enrolments.Contains(i.EnrolmentId) && i.FileId != null).Select(i => i.FileId!.Value);
        var lengths = await db.Set<PortfolioFile>().Where(f => fileIds.Contains(f.Id)).Select(f => f.Length).ToListAsync(ct);
        return new StorageUse(lengths.Sum(), options.Value.StorageQuotaBytes);
    }

    /// <summary>Checks and stores the file as a new document item titled <paramref name="title"/>, mapped to the statement if given.</summary>
    public async Task<UploadResult> AddAsync(LoadedPortfolio portfolio, string? fileName, byte[] content, string title, Guid? statementId, CancellationToken ct)
    {
        var (accepted, stored, refusal) = await CheckAsync(portfolio, fileName, content, ct);
        if (refusal is not null)
        {
            // Information, not a warning: a person chose a file we do not take; nothing is wrong with the service.
            logger.LogInformation("Upload refused for portfolio {Portfolio}: {Reason}", portfolio.Enrolment.Id, refusal);
            return new UploadResult(null, refusal);
        }

        var (file, item) = NewDocument(portfolio, accepted!, stored!, title, statementId);
        return await StoreAsync(portfolio, file, stored!, item, accepted!.Type, ct);
    }

    // The file inspected by its content, stripped of what could name its author, and held against the allowance: the
    // copy to store, or why the file is refused.
    private async Task<(InspectedUpload? Accepted, byte[]? Stored, string? Refusal)> CheckAsync(LoadedPortfolio portfolio, string? fileName, byte[] content, CancellationToken ct)
    {
        var verdict = UploadInspector.Inspect(fileName, content, options.Value.Limits);
        var stripped = verdict.Accepted is { } inspected ? DocumentMetadata.Strip(inspected.Type, content, Anonymising.ForBlindMarking) : null;
        if ((verdict.Refusal ?? stripped?.Refusal) is { } refusal)
        {
            return (null, null, refusal);
        }

        var stored = stripped!.Content!;
        var storage = await StorageOfAsync(portfolio.Enrolment.CandidateId, ct);
        if (stored.Length > storage.LeftBytes)
        {
            return (null, null, $"The selected file ({StorageUse.Megabytes(stored.Length)}) would take your evidence files over your storage allowance of " +
                $"{StorageUse.Megabytes(storage.QuotaBytes)}: you have used {StorageUse.Megabytes(storage.UsedBytes)}. " +
                "Remove documents you no longer need from your portfolio, or make the file smaller (for example, save it as PDF), and upload it again");
        }

        return (verdict.Accepted, stored, null);
    }

    // The file's row (with its text for the privacy check) and the document item that holds it, not yet added.
    private (PortfolioFile File, EvidenceItem Item) NewDocument(LoadedPortfolio portfolio, InspectedUpload accepted, byte[] stored, string title, Guid? statementId)
    {
        var now = clock.GetUtcNow();
        var file = new PortfolioFile
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            FileName = accepted.FileName,
            ContentType = accepted.ContentType,
            Length = stored.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stored)),
            ExtractedText = DocumentMetadata.ExtractText(accepted.Type, stored),
            StoredAt = now,
        };

        // Markers read the title, so it never defaults to the file's name (which so often holds the candidate's own).
        var documents = portfolio.Items.Count(i => i.Kind == EvidenceKind.Document);
        var item = new EvidenceItem
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            Kind = EvidenceKind.Document,
            Title = string.IsNullOrWhiteSpace(title) ? $"Document {documents + 1}" : title.Trim(),
            FileId = file.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (statementId is { } id && portfolio.Statement(id) is not null)
        {
            item.Mappings.Add(new EvidenceMapping { Id = ids.NewId(), ItemId = item.Id, StatementId = id });
        }

        return (file, item);
    }

    // The bytes first, then the rows; whatever fails leaves neither behind.
    private async Task<UploadResult> StoreAsync(LoadedPortfolio portfolio, PortfolioFile file, byte[] stored, EvidenceItem item, UploadType type, CancellationToken ct)
    {
        // Touching the enrolment makes two uploads at once to the same portfolio conflict, so both cannot pass the
        // allowance check together.
        var enrolment = await db.Set<Enrolment>().SingleAsync(e => e.Id == portfolio.Enrolment.Id, ct);
        db.Entry(enrolment).Property(e => e.ReasonableAdjustments).IsModified = true;
        try
        {
            await files.SaveAsync(file.Id, stored, ct);
        }
        catch (IOException ex) when (StorageFull.Is(ex))
        {
            // The store leaves nothing half-written, and no row was added: the candidate can simply try again once an
            // operator has made room, and the operator must hear of it.
            logger.LogError(ex, "Evidence file for portfolio {Portfolio} not stored: the file store is full", portfolio.Enrolment.Id);
            db.ChangeTracker.Clear();
            return new UploadResult(null, StorageFull.Message);
        }

        try
        {
            db.Add(file);
            db.Add(item);
            audit.Add("evidence.uploaded", "EvidenceItem", item.Id.ToString(), $"{type}, {stored.Length} bytes");
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            files.Delete(file.Id);
            db.ChangeTracker.Clear();
            return new UploadResult(null, "Another file was being added to your portfolio at the same moment. Check your portfolio, then upload this file again");
        }
        catch
        {
            files.Delete(file.Id);
            throw;
        }

        return new UploadResult(item, null);
    }
}
