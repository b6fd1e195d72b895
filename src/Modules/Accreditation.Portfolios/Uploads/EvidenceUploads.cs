using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Uploads;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accreditation.Portfolios.Uploads;

/// <summary>The outcome of an upload: the new document item, or why the file was refused.</summary>
public sealed record UploadResult(EvidenceItem? Item, string? Refusal);

/// <summary>
/// Takes an uploaded document into a portfolio: inspects it, strips its metadata, extracts its text for the privacy
/// check, stores the copy under a new id and records it as a document item, in that order; a refused file leaves
/// nothing behind on disk or in the database.
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

    /// <summary>Checks and stores the file as a new document item titled <paramref name="title"/>, mapped to the statement if given.</summary>
    public async Task<UploadResult> AddAsync(LoadedPortfolio portfolio, string? fileName, byte[] content, string title, Guid? statementId, CancellationToken ct)
    {
        var verdict = UploadInspector.Inspect(fileName, content, options.Value.Limits);
        if (!verdict.IsAccepted)
        {
            // Information, not a warning: a person chose a file we do not take; nothing is wrong with the service.
            logger.LogInformation("Upload refused for portfolio {Portfolio}: {Reason}", portfolio.Enrolment.Id, verdict.Refusal);
            return new UploadResult(null, verdict.Refusal);
        }

        var accepted = verdict.Accepted!;
        var stored = DocumentMetadata.Strip(accepted.Type, content);
        var text = DocumentMetadata.ExtractText(accepted.Type, stored);
        var now = clock.GetUtcNow();
        var file = new PortfolioFile
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            FileName = accepted.FileName,
            ContentType = accepted.ContentType,
            Length = stored.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(stored)),
            ExtractedText = text,
            StoredAt = now,
        };
        var item = new EvidenceItem
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            Kind = EvidenceKind.Document,
            Title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(accepted.FileName) : title.Trim(),
            FileId = file.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (statementId is { } id && portfolio.Statement(id) is not null)
        {
            item.Mappings.Add(new EvidenceMapping { Id = ids.NewId(), ItemId = item.Id, StatementId = id });
        }

        await files.SaveAsync(file.Id, stored, ct);
        try
        {
            db.Add(file);
            db.Add(item);
            audit.Add("evidence.uploaded", "EvidenceItem", item.Id.ToString(), $"{accepted.Type}, {stored.Length} bytes");
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            files.Delete(file.Id);
            throw;
        }

        return new UploadResult(item, null);
    }
}
