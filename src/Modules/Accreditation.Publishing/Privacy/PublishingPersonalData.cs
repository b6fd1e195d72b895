using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Privacy;

/// <summary>
/// Publishing holds people's subscriptions to practice updates (deleted on erasure) and, for publishers, who wrote,
/// submitted and moved each item (kept with the item's history, the person replaced by a pseudonym).
/// </summary>
public sealed class PublishingPersonalData(AccreditationDbContext db) : IPersonalDataProvider
{
    /// <summary>What replaces an erased publisher's name in an item's history.</summary>
    public const string FormerPublisher = "A former publisher";

    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<PracticeUpdate>(ErasureTreatment.Anonymised, "Practice updates and pages: who last edited and who submitted them", u => u.LastEditedBy, u => u.SubmittedBy)
        .Entity<PracticeUpdateVersion>(ErasureTreatment.Anonymised, "Saved versions of an item: who saved each", v => v.SavedBy)
        .Entity<PracticeUpdateEvent>(ErasureTreatment.Anonymised, "An item's workflow history: who moved it", h => h.UserId, h => h.By)
        .Entity<UpdateSubscription>(ErasureTreatment.Deleted, "A person's subscriptions to practice updates", s => s.UserId)
        .NoPersonalData<SentUpdate>("Which updates went to a subscription (deleted with it)")
        .NoPersonalData<PageRedirect>("Old addresses of pages, kept so old links still work")
        .NoPersonalData<MenuItem>("Links in the service navigation and footer")
        .NoPersonalData<MenuSetUp>("Which menus have been set up")
        .Entity<MediaFile>(ErasureTreatment.Anonymised, "Pictures and documents in the media library: who uploaded each", m => m.UploadedBy)
        .NoPersonalData<MediaVariant>("Smaller copies of pictures");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        export.Add("subscriptions", await db.Set<UpdateSubscription>().AsNoTracking().Where(s => s.UserId == subject.UserId)
            .Select(s => new { Topic = s.Topic == "" ? "All topics" : s.Topic, Frequency = s.Frequency.ToString(), Subscribed = s.CreatedAt, LastDigest = s.LastDigestAt }).ToListAsync(ct));
        export.Add("publishingHistory", await (from h in db.Set<PracticeUpdateEvent>().AsNoTracking()
                                               join u in db.Set<PracticeUpdate>() on h.PracticeUpdateId equals u.Id
                                               where h.UserId == subject.UserId
                                               orderby h.At
                                               select new { Item = u.Title, From = h.From.ToString(), To = h.To.ToString(), h.At, h.Note }).ToListAsync(ct));
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        plan.Delete("subscriptions to practice updates", await db.Set<UpdateSubscription>().CountAsync(s => s.UserId == subject.UserId, ct));
        var edited = await db.Set<PracticeUpdate>().CountAsync(u => u.LastEditedBy == subject.UserId || u.SubmittedBy == subject.UserId, ct)
            + await db.Set<PracticeUpdateEvent>().CountAsync(h => h.UserId == subject.UserId, ct)
            + await Versions(subject).CountAsync(ct)
            + await db.Set<MediaFile>().CountAsync(m => m.UploadedBy == subject.UserId, ct);
        plan.Anonymise("practice updates and pages the person wrote, submitted or published", edited,
            "Published items and their history stay; the person is replaced by a pseudonym");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var subscriptions = db.Set<UpdateSubscription>().Where(s => s.UserId == subject.UserId);
        await db.Set<SentUpdate>().Where(u => subscriptions.Any(s => s.Id == u.SubscriptionId)).ExecuteDeleteAsync(ct);
        run.Record("Subscriptions deleted", await subscriptions.ExecuteDeleteAsync(ct));
        var pseudonym = subject.Pseudonym;
        var changed = await db.Set<PracticeUpdate>().Where(u => u.LastEditedBy == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastEditedBy, pseudonym), ct)
            + await db.Set<PracticeUpdate>().Where(u => u.SubmittedBy == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.SubmittedBy, pseudonym), ct)
            + await db.Set<PracticeUpdateEvent>().Where(h => h.UserId == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(h => h.UserId, pseudonym).SetProperty(h => h.By, FormerPublisher), ct)
            + await Versions(subject).ExecuteUpdateAsync(s => s.SetProperty(v => v.SavedBy, FormerPublisher), ct)
            + await db.Set<MediaFile>().Where(m => m.UploadedBy == subject.UserId).ExecuteUpdateAsync(s => s.SetProperty(m => m.UploadedBy, pseudonym), ct);
        run.Record("Practice update history pseudonymised", changed);
    }

    /// <summary>Versions saved under the person's name (the name shown at the time).</summary>
    private IQueryable<PracticeUpdateVersion> Versions(DataSubject subject)
    {
        var name = subject.DisplayName ?? "\u0000";
        var email = subject.Email ?? "\u0000";
        return db.Set<PracticeUpdateVersion>().Where(v => v.SavedBy == name || v.SavedBy == email);
    }
}
