using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Privacy;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Privacy;

/// <summary>A person's CPD record: every record (with peer reflections and its duplicate-check sketch), its files, their reminder settings and the reminders sent. Erasure deletes it all.</summary>
public sealed class CpdPersonalData(AccreditationDbContext db, CpdFileStore files) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<CpdRecord>(ErasureTreatment.Deleted, "CPD records: what the person did and learned, and the peer they reflected with",
            r => r.OwnerId, r => r.Title, r => r.Description, r => r.Learning, r => r.Impact, r => r.Link, r => r.PeerName, r => r.PeerRole, r => r.PeerLearning)
        .NoPersonalData<CpdStatementLink>("Which statements a record relates to (deleted with it)")
        .Entity<CpdSketchBand>(ErasureTreatment.Deleted, "Hashes of a CPD record's wording, for the duplicate check (deleted with the record)", b => b.Value)
        .Entity<CpdAttachment>(ErasureTreatment.Deleted, "Files attached to CPD records: their names", a => a.FileName)
        .Entity<CpdPreference>(ErasureTreatment.Deleted, "Whether the person wants reminder emails", p => p.PersonId)
        .Entity<CpdReminderSent>(ErasureTreatment.Deleted, "Which reminders the person was sent", r => r.PersonId)
        .Store(DataStoreKind.Files, "cpd-files", ErasureTreatment.Deleted, "Files attached to CPD records, named by id");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var records = await db.Set<CpdRecord>().AsNoTracking().Include(r => r.Statements).Include(r => r.Attachments)
            .Where(r => r.OwnerId == subject.UserId).OrderBy(r => r.Date).AsSplitQuery().ToListAsync(ct);
        export.Add("cpdRecords", records.Select(r => new
        {
            r.Title,
            Type = r.ActivityType.ToString(),
            r.Date,
            r.Minutes,
            r.IsDraft,
            r.Description,
            r.Learning,
            r.Impact,
            r.Link,
            r.PeerName,
            r.PeerRole,
            r.PeerDate,
            r.PeerLearning,
            Statements = r.Statements.Select(s => s.Label).ToList(),
            Files = r.Attachments.Select(a => new { a.FileName, a.ContentType, a.Length, InThisDownload = FilePath(a) }).ToList(),
            r.CreatedAt,
            r.UpdatedAt,
        }).ToList());
        foreach (var attachment in records.SelectMany(r => r.Attachments))
        {
            export.AddFile(FilePath(attachment), $"CPD attachment {attachment.FileName}", () => files.Open(attachment.Id));
        }

        export.Add("reminders", new
        {
            RemindersOff = await db.Set<CpdPreference>().Where(p => p.PersonId == subject.UserId).Select(p => (bool?)p.RemindersOff).SingleOrDefaultAsync(ct) ?? false,
            Sent = await db.Set<CpdReminderSent>().AsNoTracking().Where(r => r.PersonId == subject.UserId).Select(r => new { r.Kind, r.Year, r.SentAt }).ToListAsync(ct),
        });
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var records = db.Set<CpdRecord>().Where(r => r.OwnerId == subject.UserId);
        plan.Delete("CPD records (with peer reflections)", await records.CountAsync(ct));
        plan.Delete("files attached to CPD records", await db.Set<CpdAttachment>().CountAsync(a => records.Any(r => r.Id == a.RecordId), ct));
        plan.Delete("CPD reminder settings and reminders sent",
            await db.Set<CpdPreference>().CountAsync(p => p.PersonId == subject.UserId, ct) + await db.Set<CpdReminderSent>().CountAsync(r => r.PersonId == subject.UserId, ct));
        plan.Identify((await records.Select(r => r.Id).ToListAsync(ct)).Select(id => id.ToString()));
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var records = db.Set<CpdRecord>().Where(r => r.OwnerId == subject.UserId);
        var attachments = await db.Set<CpdAttachment>().Where(a => records.Any(r => r.Id == a.RecordId)).Select(a => a.Id).ToListAsync(ct);
        await db.Set<CpdAttachment>().Where(a => attachments.Contains(a.Id)).ExecuteDeleteAsync(ct);
        await db.Set<CpdStatementLink>().Where(l => records.Any(r => r.Id == l.RecordId)).ExecuteDeleteAsync(ct);
        await db.Set<CpdSketchBand>().Where(b => records.Any(r => r.Id == b.RecordId)).ExecuteDeleteAsync(ct);
        run.Record("CPD records deleted", await records.ExecuteDeleteAsync(ct));
        run.Record("CPD attachments deleted", attachments.Count);
        await db.Set<CpdPreference>().Where(p => p.PersonId == subject.UserId).ExecuteDeleteAsync(ct);
        await db.Set<CpdReminderSent>().Where(r => r.PersonId == subject.UserId).ExecuteDeleteAsync(ct);
        run.AfterCommit(() =>
        {
            foreach (var id in attachments)
            {
                files.Delete(id);
            }
        });
    }

    private static string FilePath(CpdAttachment attachment) =>
        $"attachments/{attachment.Id:N}-{FileNames.ForArchive(attachment.FileName)}";
}
