using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Time;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Programmes;
using Accreditation.Portfolios.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Certificates;

/// <summary>
/// Accreditations awarded on accredited decisions: made at release, revoked by admins with a reason, read by other modules
/// (<see cref="IAccreditationAwards"/>) and by the API for local-authority systems (<see cref="IAccreditationStatusSource"/>).
/// </summary>
public sealed class Awards(AccreditationDbContext db, ISubmissionSnapshots snapshots, IFrameworkCatalog frameworks, TimeProvider clock, IIdSource ids, IAuditTrail audit) : IAccreditationAwards, IAccreditationStatusSource
{
    /// <summary>The name of the framework an award is against, as people read it (kept on the award; looked up for older awards).</summary>
    public async Task<string> FrameworkNameAsync(Award award, CancellationToken ct) =>
        award.FrameworkName ?? (await frameworks.GetVersionAsync(award.FrameworkKey, award.FrameworkVersion, ct))?.Name ?? award.FrameworkKey;

    /// <summary>What the award was decided on, as recorded on its decision: "the portfolio and the knowledge assessment".</summary>
    public async Task<IReadOnlyList<string>> ComponentNamesAsync(Award award, CancellationToken ct)
    {
        var names = await db.Set<DecisionComponent>().AsNoTracking().Where(c => c.CaseId == award.CaseId).OrderBy(c => c.Key == Decisions.AwardComponents.PortfolioKey ? 0 : 1)
            .Select(c => c.Name).ToListAsync(ct);
        return names.Count == 0 ? [Decisions.AwardComponents.PortfolioName] : names;
    }

    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Adds the award of an accredited case (the caller saves, inside the release transaction).</summary>
    public async Task<Award> AwardAsync(MarkingCase markingCase, string holderId, string holderName, ProgrammeSummary programme, CancellationToken ct)
    {
        var today = UkCalendar.Today(clock);
        var next = (await db.Set<Award>().MaxAsync(a => (int?)a.StatusListIndex, ct) ?? -1) + 1;
        var pending = db.ChangeTracker.Entries<Award>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.StatusListIndex).DefaultIfEmpty(-1).Max() + 1;
        var award = new Award
        {
            Id = ids.NewId(),
            CaseId = markingCase.Id,
            HolderId = holderId,
            HolderName = holderName,
            ProgrammeId = programme.Id,
            ProgrammeName = programme.Name,
            FrameworkKey = programme.FrameworkKey,
            FrameworkName = (await frameworks.GetVersionAsync(programme.FrameworkVersionId, ct))?.Name,
            FrameworkVersion = programme.FrameworkVersionNumber,
            AwardedOn = today,
            ValidUntil = programme.AccreditationValidYears > 0 ? today.AddYears(programme.AccreditationValidYears).AddDays(-1) : null,
            RenewalRequiresCpd = programme.RenewalRequiresCpd,
            VerificationCode = NewCode(),
            StatusListIndex = Math.Max(next, pending),
        };
        db.Add(award);
        audit.Add("award.made", "Award", award.Id.ToString(), $"{programme.Name}, verification code {award.VerificationCode}");
        return award;
    }

    /// <summary>Revokes an award with a reason; false when it was already revoked or the reason is empty.</summary>
    public async Task<bool> RevokeAsync(Guid awardId, string reason, CancellationToken ct)
    {
        var award = await db.Set<Award>().SingleOrDefaultAsync(a => a.Id == awardId, ct);
        if (award is null || award.RevokedAt is not null || string.IsNullOrWhiteSpace(reason))
        {
            return false;
        }

        Revoke(award, reason.Trim());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Marks an award revoked (the caller saves).</summary>
    public void Revoke(Award award, string reason)
    {
        award.RevokedAt = clock.GetUtcNow();
        award.RevocationReason = reason.Length > 1000 ? reason[..1000] : reason;
        audit.Add("award.revoked", "Award", award.Id.ToString(), award.RevocationReason);
    }

    /// <summary>An award by its verification code (any case, with or without dashes), or null.</summary>
    public Task<Award?> FindByCodeAsync(string code, CancellationToken ct)
    {
        var normalised = Normalise(code);
        return db.Set<Award>().AsNoTracking().SingleOrDefaultAsync(a => a.VerificationCode == normalised, ct);
    }

    /// <summary>Every award, newest first.</summary>
    public async Task<IReadOnlyList<Award>> ListAsync(CancellationToken ct) =>
        (await db.Set<Award>().AsNoTracking().ToListAsync(ct)).OrderByDescending(a => a.AwardedOn).ThenBy(a => a.HolderName, StringComparer.Ordinal).ToList();

    /// <summary>Whether an award is current on a UK date: not revoked and not lapsed.</summary>
    public static string StatusOn(Award award, DateOnly today) =>
        award.RevokedAt is not null ? AccreditationStatuses.Revoked : award.ValidUntil is { } until && until < today ? AccreditationStatuses.Lapsed : AccreditationStatuses.Accredited;

    /// <inheritdoc />
    public async Task<IReadOnlyList<AccreditationAward>> AwardsOfAsync(string personId, CancellationToken ct = default) =>
        (await db.Set<Award>().AsNoTracking().Where(a => a.HolderId == personId).ToListAsync(ct))
            .OrderByDescending(a => a.AwardedOn)
            .Select(a => new AccreditationAward(a.Id, a.HolderId, a.ProgrammeId, a.ProgrammeName, a.FrameworkKey, a.FrameworkVersion, a.AwardedOn, a.ValidUntil, a.RevokedAt, a.VerificationCode, a.RenewalRequiresCpd))
            .ToList();

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, AccreditationStatus>> StatusOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var today = UkCalendar.Today(clock);
        var awards = (await db.Set<Award>().AsNoTracking().Where(a => userIds.Contains(a.HolderId)).ToListAsync(ct)).ToLookup(a => a.HolderId);
        // Only these people's cases are read (through their enrolments), never every case in the country.
        // The enrolments they submitted from, with whose each is (marking keeps no names; Portfolios knows them): one query for everybody.
        var holders = await snapshots.SubmittedEnrolmentsOfAsync(userIds, ct);
        var enrolments = holders.Keys.ToList();
        var cases = await db.Set<MarkingCase>().AsNoTracking().Where(c => enrolments.Contains(c.EnrolmentId) && c.Status != CaseStatus.Withdrawn)
            .Select(c => new { c.EnrolmentId, c.Id, c.Status }).ToListAsync(ct);
        var open = cases.Where(c => c.Status != CaseStatus.Released).Select(c => c.EnrolmentId).ToList();
        var released = cases.Where(c => c.Status == CaseStatus.Released).ToList();
        var result = new Dictionary<string, AccreditationStatus>(StringComparer.Ordinal);
        foreach (var id in userIds)
        {
            // The best standing: a current award, else marking under way, else a lapsed or revoked award, else a "not yet" decision.
            var mine = awards[id].OrderByDescending(a => a.AwardedOn).ToList();
            var current = mine.FirstOrDefault(a => StatusOn(a, today) == AccreditationStatuses.Accredited);
            if (current is not null)
            {
                result[id] = new AccreditationStatus(AccreditationStatuses.Accredited, current.FrameworkKey, current.AwardedOn, current.ValidUntil);
            }
            else if (open.Any(e => holders.GetValueOrDefault(e) == id))
            {
                result[id] = new AccreditationStatus(AccreditationStatuses.InAssessment, null, null, null);
            }
            else if (mine.FirstOrDefault() is { } last)
            {
                result[id] = new AccreditationStatus(StatusOn(last, today), last.FrameworkKey, last.AwardedOn, last.ValidUntil);
            }
            else if (released.Any(r => holders.GetValueOrDefault(r.EnrolmentId) == id))
            {
                result[id] = new AccreditationStatus(AccreditationStatuses.NotYetAccredited, null, null, null);
            }
        }

        return result;
    }

    /// <summary>Upper-case without dashes or spaces.</summary>
    public static string Normalise(string code) => new(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    /// <summary>A code as people read it: "ABCD-EFGH-JKLM".</summary>
    public static string Display(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));

    private static string NewCode() =>
        string.Create(12, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
}
