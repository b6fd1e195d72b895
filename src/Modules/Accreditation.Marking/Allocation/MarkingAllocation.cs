using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Allocation;

/// <summary>Whether an assessor may mark a case, why not, and how loaded they are.</summary>
public sealed record Eligibility(string UserId, string Name, IReadOnlyList<string> Reasons, int OpenMarkings, int Capacity)
{
    /// <summary>Whether nothing excludes them.</summary>
    public bool Eligible => Reasons.Count == 0;
}

/// <summary>
/// Allocates submissions to assessors: never one from the candidate's organisation, the candidate or an endorser, someone
/// with a declared conflict, someone who already marked the portfolio, someone without capacity, or a lead assessor whose
/// marking would leave no other lead assessor to moderate; the least loaded eligible assessor gets it. Lead assessors
/// reallocate under the same rules. A case no lead assessor could moderate is flagged with the reason.
/// </summary>
public sealed class MarkingAllocation(
    AccreditationDbContext db,
    ISubmissionSnapshots snapshots,
    IPeopleDirectory directory,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit)
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>Statuses of a marking that count against an assessor's capacity.</summary>
    public static readonly MarkingStatus[] Open = [MarkingStatus.Allocated, MarkingStatus.InProgress];

    /// <summary>Opens a case for every submission waiting for marking and allocates what it can; returns how many markings it allocated.</summary>
    public async Task<int> AllocatePendingAsync(CancellationToken ct = default)
    {
        var waiting = await snapshots.ListAwaitingMarkingAsync(ct);
        var known = await db.Set<MarkingCase>().AsNoTracking().Where(c => waiting.Contains(c.SubmissionId)).Select(c => c.SubmissionId).ToListAsync(ct);
        foreach (var submissionId in waiting.Except(known))
        {
            await OpenCaseAsync(submissionId, ct);
        }

        var allocated = 0;
        var unallocated = await db.Set<MarkingCase>().AsNoTracking()
            .Where(c => c.Status == CaseStatus.Submitted || (c.Status == CaseStatus.SecondMarking && !c.Markings.Any(m => m.Role == MarkingRole.Second && m.Status != MarkingStatus.Reallocated)))
            .OrderBy(c => c.SubmittedAt).Select(c => new { c.Id, c.Status }).ToListAsync(ct);
        foreach (var c in unallocated)
        {
            if (await AllocateAsync(c.Id, c.Status == CaseStatus.Submitted ? MarkingRole.First : MarkingRole.Second, ct) is not null)
            {
                allocated++;
            }
        }

        // A flag raised earlier clears here once a lead assessor who can moderate exists.
        await RecheckModerationsAsync(null, ct);
        return allocated;
    }

    /// <summary>Opens the case of a submission (no marker yet); null when the submission is unknown or already has one.</summary>
    public async Task<MarkingCase?> OpenCaseAsync(Guid submissionId, CancellationToken ct)
    {
        var snapshot = await snapshots.GetAsync(submissionId, ct);
        if (snapshot is null || await db.Set<MarkingCase>().AnyAsync(c => c.SubmissionId == submissionId, ct))
        {
            return null;
        }

        var markingCase = new MarkingCase
        {
            Id = ids.NewId(),
            SubmissionId = submissionId,
            EnrolmentId = snapshot.EnrolmentId,
            ProgrammeId = snapshot.ProgrammeId,
            FrameworkVersionId = snapshot.FrameworkVersionId,
            CandidateOrganisationId = snapshot.CandidateOrganisationId,
            CandidateNumber = NewCandidateNumber(),
            Status = CaseStatus.Submitted,
            SubmittedAt = snapshot.SubmittedAt,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(markingCase);
        audit.Add("marking.case-opened", "MarkingCase", markingCase.Id.ToString(), $"submission {submissionId}, candidate number {markingCase.CandidateNumber}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node opened it at the same moment (one case per submission), or the pseudonym collided: next round.
            db.ChangeTracker.Clear();
            return null;
        }

        return markingCase;
    }

    /// <summary>
    /// Every assessor in the pool with whether they may take the case's marking of the given role, and why not. A lead
    /// assessor may take a first or second marking only while another lead assessor, free of conflicts with the portfolio
    /// and not marking it, could still moderate it: otherwise a disagreement would have nobody to settle it.
    /// </summary>
    public async Task<IReadOnlyList<Eligibility>> EligibilityAsync(Guid caseId, MarkingRole role, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).SingleAsync(c => c.Id == caseId, ct);
        var people = await snapshots.PeopleOfAsync(markingCase.SubmissionId, ct);
        var pool = (await directory.HoldersOfRoleAsync(Roles.Assessor, ct)).ToList();
        var leads = await LeadsAsync(ct);
        var poolIds = pool.Select(u => u.Id).Concat(leads.Select(l => l.Id)).Distinct().ToList();
        var profiles = await db.Set<AssessorProfile>().AsNoTracking().Where(p => poolIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);
        var conflicts = (await db.Set<AssessorConflict>().AsNoTracking().Where(c => poolIds.Contains(c.UserId)).ToListAsync(ct)).ToLookup(c => c.UserId);
        var load = (await db.Set<AssessorMarking>().AsNoTracking().Where(m => Open.Contains(m.Status) && poolIds.Contains(m.AssessorId))
            .GroupBy(m => m.AssessorId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var previous = markingCase.Markings.Where(m => m.Status != MarkingStatus.Reallocated).Select(m => m.AssessorId).ToHashSet();

        // Who marks the portfolio once this marking is given: an open marking of the same role is taken away by it.
        var markersAfter = markingCase.Markings.Where(m => m.Status != MarkingStatus.Reallocated && !(m.Role == role && m.Status != MarkingStatus.Submitted))
            .Select(m => m.AssessorId).ToHashSet();
        var freeLeads = leads.Where(l => !markersAfter.Contains(l.Id) && ConflictReasons(l, people, conflicts[l.Id]).Count == 0).Select(l => l.Id).ToHashSet();
        var leadIds = leads.Select(l => l.Id).ToHashSet();

        return pool.Select(u =>
        {
            var reasons = new List<string>();
            var capacity = profiles.TryGetValue(u.Id, out var profile) ? profile.Capacity : new AssessorProfile { UserId = u.Id }.Capacity;
            var open = load.GetValueOrDefault(u.Id);
            reasons.AddRange(ConflictReasons(u, people, conflicts[u.Id]));
            if (previous.Contains(u.Id))
            {
                reasons.Add(role == MarkingRole.Review ? "marked this portfolio before (a review must be independent)" : "already marks this portfolio");
            }

            if (role is MarkingRole.First or MarkingRole.Second && leadIds.Contains(u.Id) && !freeLeads.Any(id => id != u.Id))
            {
                reasons.Add("is a lead assessor, and no other lead assessor could then moderate this portfolio");
            }

            if (profile is { Available: false })
            {
                reasons.Add("is not taking allocations");
            }

            if (open >= capacity)
            {
                reasons.Add($"has no capacity ({open} of {capacity} open)");
            }

            return new Eligibility(u.Id, NameOf(u), reasons.Distinct().ToList(), open, capacity);
        }).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Every active lead assessor with whether they may moderate the case (agree the marks when its markers disagree), and
    /// why not: they mark it, or they have a conflict with it (the candidate's organisation, an endorser, a declared conflict).
    /// </summary>
    public async Task<IReadOnlyList<Eligibility>> ModeratorsAsync(Guid caseId, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).SingleAsync(c => c.Id == caseId, ct);
        var people = await snapshots.PeopleOfAsync(markingCase.SubmissionId, ct);
        var leads = await LeadsAsync(ct);
        var ids = leads.Select(l => l.Id).ToList();
        var conflicts = (await db.Set<AssessorConflict>().AsNoTracking().Where(c => ids.Contains(c.UserId)).ToListAsync(ct)).ToLookup(c => c.UserId);
        var markers = markingCase.Markings.Where(m => m.Status != MarkingStatus.Reallocated && m.Role != MarkingRole.Agreed).Select(m => m.AssessorId).ToHashSet();
        return leads.Select(l =>
        {
            var reasons = new List<string>();
            if (markers.Contains(l.Id))
            {
                reasons.Add("marks this portfolio");
            }

            reasons.AddRange(ConflictReasons(l, people, conflicts[l.Id]));
            return new Eligibility(l.Id, NameOf(l), reasons.Distinct().ToList(), 0, 0);
        }).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Flags the case when no lead assessor could moderate it (with who is excluded and why), and clears the flag when one
    /// can again; a released or withdrawn case is never flagged. The flag shows on the lead assessors' page and, for
    /// platform admins, on the admin overview.
    /// </summary>
    public async Task RecheckModerationAsync(Guid caseId, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().AsNoTracking().Where(c => c.Id == caseId)
            .Select(c => new { c.Status, c.CandidateNumber, c.ModerationBlocked }).SingleOrDefaultAsync(ct);
        if (markingCase is null)
        {
            return;
        }

        string? reason = null;
        if (markingCase.Status is not (CaseStatus.Released or CaseStatus.Withdrawn))
        {
            var moderators = await ModeratorsAsync(caseId, ct);
            if (!moderators.Any(m => m.Eligible))
            {
                var who = moderators.Count == 0 ? "there is no active lead assessor" : string.Join("; ", moderators.Select(m => $"{m.Name} {string.Join(" and ", m.Reasons)}"));
                var what = markingCase.Status == CaseStatus.InModeration
                    ? $"{markingCase.CandidateNumber} is waiting for moderation, but no lead assessor can moderate it"
                    : $"No lead assessor could moderate {markingCase.CandidateNumber} if its markers disagree";
                reason = $"{what}: {who}. Make another assessor who has no conflict with this portfolio a lead assessor.";
                reason = reason.Length > 1000 ? reason[..997] + "..." : reason;
            }
        }

        if (reason != markingCase.ModerationBlocked)
        {
            await db.Set<MarkingCase>().Where(c => c.Id == caseId).ExecuteUpdateAsync(u => u.SetProperty(c => c.ModerationBlocked, reason), ct);
            if (reason is not null)
            {
                await audit.RecordAsync("marking.moderation-blocked", "MarkingCase", caseId.ToString(), reason, ct);
            }
        }
    }

    /// <summary>
    /// Rechecks the flagged cases, and every open case when the lead assessors (who they are, their organisations or
    /// declared conflicts) changed since <paramref name="lastLeads"/>; returns the leads' fingerprint to pass next time.
    /// </summary>
    public async Task<string> RecheckModerationsAsync(string? lastLeads, CancellationToken ct)
    {
        var leads = await LeadsAsync(ct);
        var ids = leads.Select(l => l.Id).ToList();
        var conflicts = await db.Set<AssessorConflict>().AsNoTracking().Where(c => ids.Contains(c.UserId)).Select(c => c.Id).ToListAsync(ct);
        var fingerprint = string.Join(";", leads.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => $"{l.Id}/{l.OrganisationId}"))
            + "|" + string.Join(";", conflicts.Order());
        var all = lastLeads is not null && lastLeads != fingerprint;
        var cases = await db.Set<MarkingCase>().AsNoTracking()
            .Where(c => c.ModerationBlocked != null || (all && c.Status != CaseStatus.Released && c.Status != CaseStatus.Withdrawn))
            .Select(c => c.Id).ToListAsync(ct);
        foreach (var id in cases)
        {
            await RecheckModerationAsync(id, ct);
        }

        return fingerprint;
    }

    private async Task<List<PersonSummary>> LeadsAsync(CancellationToken ct) => (await directory.HoldersOfRoleAsync(Roles.LeadAssessor, ct)).ToList();

    private static string NameOf(PersonSummary u) => u.Name.Length > 0 ? u.Name : u.Id;

    /// <summary>Why a person may not mark or moderate a portfolio because of who they are: the candidate, their organisation, an endorser, a declared conflict.</summary>
    private static List<string> ConflictReasons(PersonSummary u, SubmissionPeople? people, IEnumerable<AssessorConflict> declared)
    {
        var reasons = new List<string>();
        if (people is null)
        {
            reasons.Add("the submission could not be read");
            return reasons;
        }

        if (people.CandidateId == u.Id)
        {
            reasons.Add("is the candidate");
        }

        if (u.OrganisationId is { } own && own == people.CandidateOrganisationId)
        {
            reasons.Add("works for the candidate's organisation");
        }

        if (people.IsEndorser(u.Id, u.Email))
        {
            reasons.Add("endorsed this portfolio");
        }

        foreach (var conflict in declared)
        {
            if (conflict.OrganisationId is { } organisation && organisation == people.CandidateOrganisationId)
            {
                reasons.Add("declared a conflict with the candidate's organisation");
            }
            else if (conflict.PersonEmail is { } email && people.Involves(email))
            {
                reasons.Add("declared a conflict with a person this portfolio involves");
            }
        }

        return reasons;
    }

    /// <summary>Allocates the case's marking of the given role to the least loaded eligible assessor; null when nobody is eligible.</summary>
    public async Task<AssessorMarking?> AllocateAsync(Guid caseId, MarkingRole role, CancellationToken ct)
    {
        var eligible = (await EligibilityAsync(caseId, role, ct)).Where(e => e.Eligible).ToList();
        if (eligible.Count == 0)
        {
            return null;
        }

        var ever = await db.Set<AssessorMarking>().AsNoTracking().GroupBy(m => m.AssessorId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var chosen = eligible
            .OrderBy(e => (double)e.OpenMarkings / Math.Max(1, e.Capacity))
            .ThenBy(e => ever.GetValueOrDefault(e.UserId))
            .ThenBy(e => e.UserId, StringComparer.Ordinal)
            .First();
        return await AssignAsync(caseId, role, chosen.UserId, "allocated", ct);
    }

    /// <summary>A lead assessor gives a case's marking to another assessor; refused with the reasons when they are not eligible.</summary>
    public async Task<(AssessorMarking? AssessorMarking, IReadOnlyList<string> Reasons)> ReallocateAsync(Guid caseId, MarkingRole role, string assessorId, CancellationToken ct)
    {
        var eligibility = (await EligibilityAsync(caseId, role, ct)).FirstOrDefault(e => e.UserId == assessorId);
        if (eligibility is null)
        {
            return (null, ["is not an active assessor"]);
        }

        if (!eligibility.Eligible)
        {
            await audit.RecordAsync("marking.reallocation-refused", "MarkingCase", caseId.ToString(), $"{role} to {assessorId}: {string.Join("; ", eligibility.Reasons)}", ct);
            return (null, eligibility.Reasons);
        }

        var marking = await AssignAsync(caseId, role, assessorId, "reallocated", ct);
        return marking is null ? (null, ["this marking has already been submitted, or the portfolio is not at that stage"]) : (marking, []);
    }

    private async Task<AssessorMarking?> AssignAsync(Guid caseId, MarkingRole role, string assessorId, string action, CancellationToken ct)
    {
        var markingCase = await db.Set<MarkingCase>().Include(c => c.Markings).SingleAsync(c => c.Id == caseId, ct);
        var current = markingCase.Markings.Where(m => m.Role == role && m.Status != MarkingStatus.Reallocated).ToList();
        if (current.Any(m => m.Status == MarkingStatus.Submitted) && role != MarkingRole.Review)
        {
            return null;
        }

        if (role == MarkingRole.Second && markingCase.Status != CaseStatus.SecondMarking)
        {
            return null;
        }

        if (role == MarkingRole.First && markingCase.Status is not (CaseStatus.Submitted or CaseStatus.Allocated or CaseStatus.InMarking))
        {
            return null;
        }

        foreach (var old in current.Where(m => m.Status != MarkingStatus.Submitted))
        {
            old.Status = MarkingStatus.Reallocated;
        }

        var marking = new AssessorMarking
        {
            Id = ids.NewId(),
            CaseId = caseId,
            Role = role,
            AssessorId = assessorId,
            Status = MarkingStatus.Allocated,
            AllocatedAt = clock.GetUtcNow(),
        };
        db.Add(marking);
        if (role == MarkingRole.First && markingCase.Status == CaseStatus.Submitted)
        {
            markingCase.Status = CaseStatus.Allocated;
        }

        // Touching the case makes two allocations of one case at the same moment conflict instead of both landing.
        db.Entry(markingCase).Property(c => c.Status).IsModified = true;
        audit.Add($"marking.{action}", "MarkingCase", caseId.ToString(), $"{role} marking to {assessorId}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return null;
        }

        await RecheckModerationAsync(caseId, ct);
        return marking;
    }

    private static string NewCandidateNumber() =>
        "C-" + string.Create(6, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
}
