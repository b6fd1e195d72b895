using Accreditation.Core.Auditing;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Cpd.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Records;

/// <summary>"Record as CPD": a draft pre-filled from something in another module, completed on the record's edit page.</summary>
public sealed class CpdDrafts(AccreditationDbContext db, IPeopleDirectory people, StatementOptions statements, TimeProvider clock, IIdSource ids, IAuditTrail audit) : ICpdDrafts
{
    /// <inheritdoc />
    public async Task<string> CreateDraftAsync(string personId, CpdDraftSource source, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personId);
        ArgumentNullException.ThrowIfNull(source);
        if (await people.FindAnyAsync(personId, ct) is null)
        {
            throw new ArgumentException("There is no person with this id.", nameof(personId));
        }

        var options = await statements.AllAsync(ct);
        var codes = source.StatementCodes.Select(c => c.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = clock.GetUtcNow();
        var title = string.IsNullOrWhiteSpace(source.Title) ? "Untitled" : source.Title.Trim();
        var record = new CpdRecord
        {
            Id = ids.NewId(),
            OwnerId = personId,
            IsDraft = true,
            ActivityType = string.Equals(source.SourceKind, "research", StringComparison.OrdinalIgnoreCase) ? CpdActivityType.Research : CpdActivityType.Reading,
            Title = title.Length > CpdModel.NameLength ? title[..CpdModel.NameLength] : title,
            Date = UkCalendar.Today(clock),
            Description = Clip(source.Summary),
            Link = CpdRecords.SafeLink(source.Link),
            SourceKind = Clip(source.SourceKind, 50),
            SourceId = Clip(source.SourceId, 100),
            CreatedAt = now,
            UpdatedAt = now,
        };
        foreach (var option in options.Where(o => codes.Contains(o.Code)))
        {
            record.Statements.Add(new CpdStatementLink { RecordId = record.Id, StatementId = option.Id, Label = option.Label });
        }

        db.Add(record);
        CpdSketch.AddFor(db, record);
        audit.Add("cpd.draft-created", nameof(CpdRecord), record.Id.ToString(), $"from {record.SourceKind} {record.SourceId}");
        await db.SaveChangesAsync(ct);
        return $"/cpd/records/{record.Id}/edit";
    }

    private static string Clip(string? value, int max = CpdModel.TextLength)
    {
        var text = value?.Trim() ?? "";
        return text.Length > max ? text[..max] : text;
    }
}
