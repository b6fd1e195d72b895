using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Privacy.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Requests;

/// <summary>
/// This module's own personal data: the privacy requests about a person (kept as the record that they were answered, the
/// person replaced by their pseudonym) and the copies prepared for download (deleted).
/// </summary>
public sealed class PrivacyRequestsPersonalData(AccreditationDbContext db, PrivacyRequests requests) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<PrivacyRequest>(ErasureTreatment.Anonymised, "Subject access and erasure requests: whose, who asked, when, and the erasure plan",
            r => r.SubjectId, r => r.RequestedById, r => r.PlanJson, r => r.OutcomeJson)
        .NoPersonalData<RetentionRun>("When each retention kind last ran and how much it removed")
        .Store(DataStoreKind.Files, "privacy-exports", ErasureTreatment.Deleted, "Copies of a person's data prepared for download, deleted after 7 days");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct) =>
        export.Add("requests", await db.Set<PrivacyRequest>().AsNoTracking().Where(r => r.SubjectId == subject.UserId).OrderBy(r => r.ReceivedAt)
            .Select(r => new { Kind = r.Kind.ToString(), Received = r.ReceivedAt, Due = r.DueOn, State = r.State.ToString(), Answered = r.CompletedAt, AskedByYou = r.RequestedById == subject.UserId })
            .ToListAsync(ct));

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        plan.Anonymise("requests for a copy of the person's data, or for erasure", await About(subject).CountAsync(ct),
            "Kept as the record that each request was answered; the person becomes a pseudonym");
        plan.Delete("copies of the person's data waiting to be downloaded", await Copies(subject).CountAsync(ct));
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var copies = await Copies(subject).Select(r => r.Id).ToListAsync(ct);
        await db.Set<PrivacyRequest>().Where(r => copies.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, PrivacyRequestState.Expired), ct);
        run.Record("Prepared copies deleted", copies.Count);
        run.AfterCommit(() =>
        {
            foreach (var id in copies)
            {
                requests.Copies.DeleteAll(PrivacyRequests.CopyPrefix(id));
            }
        });

        // The erasure running now is finished by its processor, which replaces the person there when it is done.
        var pseudonym = subject.Pseudonym;
        run.Record("Requests pseudonymised",
            await About(subject).Where(r => r.State != PrivacyRequestState.Erasing).ExecuteUpdateAsync(s => s.SetProperty(r => r.SubjectId, pseudonym), ct)
            + await db.Set<PrivacyRequest>().Where(r => r.RequestedById == subject.UserId && r.State != PrivacyRequestState.Erasing)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedById, pseudonym), ct));
    }

    private IQueryable<PrivacyRequest> About(DataSubject subject) => db.Set<PrivacyRequest>().Where(r => r.SubjectId == subject.UserId);

    private IQueryable<PrivacyRequest> Copies(DataSubject subject) =>
        db.Set<PrivacyRequest>().Where(r => (r.SubjectId == subject.UserId || r.RequestedById == subject.UserId) && r.Kind == PrivacyRequestKind.Access
            && (r.State == PrivacyRequestState.Ready || r.State == PrivacyRequestState.Downloaded || r.State == PrivacyRequestState.Queued || r.State == PrivacyRequestState.Building));
}
