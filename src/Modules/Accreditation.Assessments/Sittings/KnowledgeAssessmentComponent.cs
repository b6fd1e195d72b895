using System.Globalization;
using Accreditation.Assessments.Data;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Sittings;

/// <summary>
/// The knowledge assessment as a component of accreditation: met by a passed sitting of the enrolment (the pass mark is
/// the programme's blueprint's), pending while it is not set up, not sat in an open window or under way, and not met
/// after a failed sitting, with the resit date. Held results count: the decision is made before they are released.
/// </summary>
public sealed class KnowledgeAssessmentComponent(AccreditationDbContext db, IEnrolments enrolments, SittingService sittings, TimeProvider clock) : IAccreditationComponent
{
    /// <summary>The component's key in decision rules and recipes.</summary>
    public const string ComponentKey = "knowledge-assessment";

    /// <inheritdoc />
    public string Key => ComponentKey;

    /// <inheritdoc />
    public string Name => "Knowledge assessment";

    /// <inheritdoc />
    public async Task<ComponentResult> ResultAsync(Guid enrolmentId, CancellationToken ct = default)
    {
        var enrolment = await enrolments.FindAsync(enrolmentId, ct);
        if (enrolment is null)
        {
            return new ComponentResult(ComponentOutcome.Pending, "The enrolment could not be found.");
        }

        var blueprint = await db.Set<Blueprint>().AsNoTracking().SingleOrDefaultAsync(b => b.ProgrammeId == enrolment.ProgrammeId, ct);
        var all = await db.Set<Sitting>().AsNoTracking().Where(s => s.EnrolmentId == enrolmentId).OrderBy(s => s.Attempt).ToListAsync(ct);
        if (all.FirstOrDefault(s => s.Status == SittingStatus.Submitted && s.Passed) is { } passed)
        {
            return new ComponentResult(ComponentOutcome.Met, $"Passed: {Marks(passed)}{PassMark(blueprint)}", Reference: passed.Id.ToString());
        }

        if (blueprint is null)
        {
            return new ComponentResult(ComponentOutcome.Pending, $"No knowledge assessment is set up for {enrolment.ProgrammeName} yet.");
        }

        if (all.FirstOrDefault(s => s.Status == SittingStatus.Active) is { } active)
        {
            return new ComponentResult(ComponentOutcome.Pending, $"Attempt {active.Attempt} is under way (time runs out {UkCalendar.Format(active.Deadline)}).", Reference: active.Id.ToString());
        }

        var last = all.LastOrDefault(s => s.Status == SittingStatus.Submitted);
        var blocked = sittings.WhyNotStart(enrolment, blueprint, all);
        if (last is null)
        {
            return blocked is null || blocked.From is not null
                ? new ComponentResult(ComponentOutcome.Pending, $"Not sat yet: {enrolment.WindowName} is open until {UkCalendar.Format(enrolment.ClosesOn)}.",
                    "You can sit the knowledge assessment while the window is open.", blocked?.From)
                : new ComponentResult(ComponentOutcome.NotMet, $"Not sat before {enrolment.WindowName} closed on {UkCalendar.Format(enrolment.ClosesOn)}.",
                    "To sit the knowledge assessment, enrol in a later assessment window.");
        }

        return new ComponentResult(ComponentOutcome.NotMet, $"Not yet passed: {Marks(last)}{PassMark(blueprint)}",
            blocked?.Message ?? "You can sit the knowledge assessment again now.", blocked?.From ?? (blocked is null ? DateOnly.FromDateTime(UkCalendar.Local(clock.GetUtcNow())) : null),
            last.Id.ToString());
    }

    private static string Marks(Sitting sitting) =>
        $"{sitting.Score.ToString("0.##", CultureInfo.InvariantCulture)} out of {sitting.MaxScore.ToString(CultureInfo.InvariantCulture)}";

    private static string PassMark(Blueprint? blueprint) =>
        blueprint is null ? "." : $" (pass mark {blueprint.PassMarkPercent.ToString(CultureInfo.InvariantCulture)}%).";
}
