using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Accreditation.Marking.Rubrics;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Decisions;

/// <summary>Where one component of an award stands for a case: read now, or as recorded on its released decision.</summary>
public sealed record ComponentStanding(string Key, string Name, ComponentOutcome Outcome, string Summary, string? NextStep = null, DateOnly? NextStepFrom = null, string? Reference = null);

/// <summary>What a case's components come to under the rule version it is decided by.</summary>
/// <param name="RuleNumber">The decision rule version.</param>
/// <param name="Components">The portfolio first, then each other component the rule requires.</param>
public sealed record DecisionCheck(int RuleNumber, IReadOnlyList<ComponentStanding> Components)
{
    /// <summary>The components not decided yet: while there are any, the release waits.</summary>
    public IReadOnlyList<ComponentStanding> Pending => Components.Where(c => c.Outcome == ComponentOutcome.Pending).ToList();

    /// <summary>Accredited when every component is met, not yet when any is not; null while any is pending.</summary>
    public Decision? Decision => Pending.Count > 0 ? null
        : Components.All(c => c.Outcome == ComponentOutcome.Met) ? Data.Decision.Accredited : Data.Decision.NotYetAccredited;

    /// <summary>Why the release waits, in words, or null.</summary>
    public string? HeldBecause => Pending.Count == 0 ? null : string.Join(" ", Pending.Select(p => $"{p.Name}: {p.Summary}"));
}

/// <summary>
/// The components of an award: the portfolio marking (always required) and every component a programme's decision rule
/// adds, read from the module that assesses it through <see cref="IAccreditationComponent"/> (the knowledge assessment
/// through the Assessments module's contract, never its tables). A release records each component's outcome on the
/// decision; no award is made unless every one is met.
/// </summary>
public sealed class AwardComponents(AccreditationDbContext db, IEnumerable<IAccreditationComponent> providers, DecisionRules rules, IEnrolments enrolments, TimeProvider clock, IIdSource ids)
{
    /// <summary>The portfolio's key.</summary>
    public const string PortfolioKey = "portfolio";

    /// <summary>The portfolio's name.</summary>
    public const string PortfolioName = "Portfolio";

    /// <summary>The components a rule may require beside the portfolio, as the modules of this site provide them.</summary>
    public IReadOnlyList<(string Key, string Name)> Available => providers.Select(p => (p.Key, p.Name)).DistinctBy(p => p.Key).ToList();

    /// <summary>A component's name by key (the key itself when no module provides it).</summary>
    public string NameOf(string key) => key == PortfolioKey ? PortfolioName : providers.FirstOrDefault(p => p.Key == key)?.Name ?? key;

    /// <summary>Reads every component the case's rule requires as it stands now (held results included).</summary>
    public async Task<DecisionCheck> CheckAsync(MarkingCase markingCase, CancellationToken ct)
    {
        var rule = markingCase.DecisionRuleNumber is { } number
            ? await rules.VersionAsync(markingCase.ProgrammeId, number, ct)
            : await rules.CurrentAsync(markingCase.ProgrammeId, ct);
        var standings = new List<ComponentStanding> { await PortfolioAsync(markingCase, ct) };
        foreach (var key in rule.ComponentKeys())
        {
            if (providers.FirstOrDefault(p => p.Key == key) is not { } provider)
            {
                standings.Add(new ComponentStanding(key, key, ComponentOutcome.Pending, "This component is not available on this site: a platform admin must enable the module that assesses it."));
                continue;
            }

            var result = await provider.ResultAsync(markingCase.EnrolmentId, ct);
            standings.Add(new ComponentStanding(key, provider.Name, result.Outcome, result.Summary, result.NextStep, result.NextStepFrom, result.Reference));
        }

        return new DecisionCheck(rule.Number, standings);
    }

    /// <summary>
    /// The components recorded on a released decision; a decision released before components were recorded was made on
    /// the portfolio alone (its rule version required nothing else), so that is what it shows.
    /// </summary>
    public async Task<IReadOnlyList<ComponentStanding>> RecordedAsync(MarkingCase markingCase, CancellationToken ct)
    {
        var rows = await db.Set<DecisionComponent>().AsNoTracking().Where(c => c.CaseId == markingCase.Id).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return markingCase.PortfolioDecision is { } portfolio ? [Portfolio(portfolio, null)] : [];
        }

        return rows.OrderBy(r => r.Key == PortfolioKey ? 0 : 1).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new ComponentStanding(r.Key, r.Name, r.Met ? ComponentOutcome.Met : ComponentOutcome.NotMet, r.Summary, r.NextStep, r.NextStepFrom, r.Reference))
            .ToList();
    }

    /// <summary>Records (or updates) the components on the case's decision; the caller saves.</summary>
    public async Task RecordAsync(MarkingCase markingCase, DecisionCheck check, CancellationToken ct)
    {
        var existing = await db.Set<DecisionComponent>().Where(c => c.CaseId == markingCase.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var standing in check.Components)
        {
            var row = existing.FirstOrDefault(r => r.Key == standing.Key);
            if (row is null)
            {
                row = new DecisionComponent { Id = ids.NewId(), CaseId = markingCase.Id, Key = standing.Key, Name = standing.Name, Summary = standing.Summary };
                db.Add(row);
            }

            row.Name = standing.Name;
            row.Met = standing.Outcome == ComponentOutcome.Met;
            row.Summary = Clip(standing.Summary);
            row.NextStep = standing.Outcome == ComponentOutcome.Met || standing.NextStep is null ? null : Clip(standing.NextStep);
            row.NextStepFrom = standing.Outcome == ComponentOutcome.Met ? null : standing.NextStepFrom;
            row.Reference = standing.Reference;
            row.RecordedAt = now;
        }
    }

    /// <summary>
    /// For a released "not yet" decision whose portfolio met the standard: the components read now, when a later result
    /// (a resit) differs from the one recorded and nothing is pending, so the decision can be made again; null otherwise.
    /// </summary>
    public async Task<DecisionCheck?> UpdateDueAsync(MarkingCase markingCase, CancellationToken ct)
    {
        if (markingCase is not { Status: CaseStatus.Released, Decision: Data.Decision.NotYetAccredited, PortfolioDecision: Data.Decision.Accredited })
        {
            return null;
        }

        if (await db.Set<Appeal>().AnyAsync(a => a.CaseId == markingCase.Id && a.Status != AppealStatus.Released, ct))
        {
            return null;
        }

        var check = await CheckAsync(markingCase, ct);
        if (check.Decision is null)
        {
            return null;
        }

        var recorded = await RecordedAsync(markingCase, ct);
        var changed = check.Components.Any(now => recorded.FirstOrDefault(r => r.Key == now.Key) is not { } before
            || before.Outcome != now.Outcome || before.Reference != now.Reference);
        return changed ? check : null;
    }

    private async Task<ComponentStanding> PortfolioAsync(MarkingCase markingCase, CancellationToken ct)
    {
        if (markingCase.PortfolioDecision is not { } decision)
        {
            return new ComponentStanding(PortfolioKey, PortfolioName, ComponentOutcome.Pending, "Being marked: the marks are not final yet.");
        }

        return Portfolio(decision, decision == Data.Decision.Accredited ? null : await enrolments.FindAsync(markingCase.EnrolmentId, ct));
    }

    private ComponentStanding Portfolio(Decision decision, EnrolmentSummary? enrolment)
    {
        if (decision == Data.Decision.Accredited)
        {
            return new ComponentStanding(PortfolioKey, PortfolioName, ComponentOutcome.Met, "Met the standard.");
        }

        var next = enrolment is not null && UkCalendar.Today(clock) <= enrolment.ClosesOn
            ? $"You can improve your evidence and submit your portfolio again while {enrolment.WindowName} is open, until {UkCalendar.Format(enrolment.ClosesOn)}."
            : "To submit a portfolio again, enrol in a later assessment window.";
        return new ComponentStanding(PortfolioKey, PortfolioName, ComponentOutcome.NotMet, "Not yet met the standard.", next, null);
    }

    private static string Clip(string text) => text.Length > 1000 ? text[..1000] : text;
}
