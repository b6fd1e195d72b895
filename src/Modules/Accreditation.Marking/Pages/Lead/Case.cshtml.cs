using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Decisions;
using Accreditation.Marking.Release;
using Accreditation.Marking.Work;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Pages.Lead;

/// <summary>
/// One portfolio for a lead assessor: its markings and who holds them, which assessors could take a marking and why the
/// others are excluded, reallocation under the same rules, and release. The candidate's identity appears only once the
/// decision is released.
/// </summary>
[Authorize(Policy = Permissions.LeadPolicy)]
public sealed class CaseModel(AccreditationDbContext db, IPeopleDirectory people, MarkingAllocation allocation, DecisionRelease release, ISubmissionSnapshots snapshots, AwardComponents components, Moderation moderation) : PageModel
{
    /// <summary>Every component the decision covers: as recorded once released, otherwise as it stands now.</summary>
    public IReadOnlyList<ComponentStanding> Components { get; private set; } = [];

    /// <summary>Why the release waits (a component is pending), or null.</summary>
    public string? HeldBecause { get; private set; }

    /// <summary>While the case is in moderation: why this lead assessor may not agree the marks, or null when they may.</summary>
    public string? CannotModerate { get; private set; }

    /// <summary>The case.</summary>
    public MarkingCase Case { get; private set; } = null!;

    /// <summary>Names of the people who mark it.</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    /// <summary>The role a reallocation would be for, when one is possible now.</summary>
    public MarkingRole? ReallocatableRole { get; private set; }

    /// <summary>Every assessor's eligibility for that role.</summary>
    public IReadOnlyList<Eligibility> Eligibility { get; private set; } = [];

    /// <summary>After release: who the candidate is.</summary>
    public SubmissionCandidate? Candidate { get; private set; }

    /// <summary>The assessor to give the marking to.</summary>
    [BindProperty]
    public string? AssessorId { get; set; }

    /// <summary>Reasons a reallocation was refused.</summary>
    public IReadOnlyList<string> Refused { get; private set; } = [];

    /// <summary>Shows the case.</summary>
    public async Task<IActionResult> OnGetAsync(Guid caseId, CancellationToken ct) => await LoadAsync(caseId, ct) ? Page() : NotFound();

    /// <summary>Gives the open marking to another assessor; refused with reasons when they are excluded.</summary>
    public async Task<IActionResult> OnPostReallocateAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        if (ReallocatableRole is not { } role || string.IsNullOrWhiteSpace(AssessorId))
        {
            ModelState.AddModelError(nameof(AssessorId), "Choose an assessor");
            return Page();
        }

        var (marking, reasons) = await allocation.ReallocateAsync(caseId, role, AssessorId, ct);
        if (marking is null)
        {
            Refused = reasons;
            var name = Eligibility.FirstOrDefault(e => e.UserId == AssessorId)?.Name ?? "That person";
            ModelState.AddModelError(nameof(AssessorId), $"{name} cannot mark this portfolio: {string.Join("; ", reasons)}");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(caseId, ct);
            return Page();
        }

        TempData["Message"] = "The marking was reallocated.";
        return RedirectToPage("/Lead/Case", new { caseId });
    }

    /// <summary>Releases this decision.</summary>
    public async Task<IActionResult> OnPostReleaseAsync(Guid caseId, CancellationToken ct)
    {
        if (!await LoadAsync(caseId, ct))
        {
            return NotFound();
        }

        var result = await release.ReleaseAsync([caseId], User.UserId(), ct);
        TempData["Message"] = result.Released.Count == 1 ? "The decision was released." : string.Join(" ", result.Problems);
        return RedirectToPage("/Lead/Case", new { caseId });
    }

    private async Task<bool> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var found = await db.Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).SingleOrDefaultAsync(c => c.Id == caseId, ct);
        if (found is null)
        {
            return false;
        }

        Case = found;
        var ids = found.Markings.Select(m => m.AssessorId).Distinct().ToList();
        Names = (await people.FindManyAsync(ids, ct)).ToDictionary(p => p.Key, p => p.Value.Name.Length > 0 ? p.Value.Name : p.Key);
        ReallocatableRole = found.Status switch
        {
            CaseStatus.Submitted or CaseStatus.Allocated or CaseStatus.InMarking => MarkingRole.First,
            CaseStatus.SecondMarking => MarkingRole.Second,
            _ => null,
        };
        if (ReallocatableRole is { } role)
        {
            Eligibility = await allocation.EligibilityAsync(caseId, role, ct);
        }

        if (found.Status == CaseStatus.Released)
        {
            Candidate = await snapshots.CandidateOfAsync(found.SubmissionId, "lead assessor viewed a released decision", ct);
            Components = await components.RecordedAsync(found, ct);
        }
        else if (found.Status != CaseStatus.Withdrawn)
        {
            var check = await components.CheckAsync(found, ct);
            Components = check.Components;
            HeldBecause = found.Status == CaseStatus.ReadyForRelease ? check.HeldBecause : null;
        }

        if (found.Status == CaseStatus.InModeration)
        {
            CannotModerate = await moderation.WhyNotModerateAsync(caseId, User.UserId(), ct);
        }

        return true;
    }
}
