using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Rubrics;

/// <summary>Why a snapshot is second-marked.</summary>
public static class SecondMarkingReasons
{
    /// <summary>Picked in the random sample.</summary>
    public const string Sample = "sample";

    /// <summary>Accredited with no statement above the minimum level.</summary>
    public const string Borderline = "borderline";

    /// <summary>Not accredited on the first marks.</summary>
    public const string Failing = "failing";
}

/// <summary>What a decision rule makes of a set of grades.</summary>
/// <param name="Decision">Accredited or not yet.</param>
/// <param name="Borderline">Accredited with no statement above the minimum: one level lower anywhere would change it.</param>
public sealed record RuleResult(Decision Decision, bool Borderline);

/// <summary>The values of a decision rule an admin sets; <paramref name="Components"/> are the keys of the components required beside the portfolio.</summary>
public sealed record DecisionRuleInput(int MinimumLevel, int StatementsAllowedBelow, int SamplePercent, int Tolerance, int AppealDays, IReadOnlyList<string>? Components = null)
{
    /// <summary>The component keys, distinct and in a stable order.</summary>
    public IReadOnlyList<string> ComponentKeys => (Components ?? []).Select(c => c.Trim()).Where(c => c.Length > 0 && c != Decisions.AwardComponents.PortfolioKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>Decision rules per programme: the current version (or the default), new versions, and applying a rule to grades.</summary>
public sealed class DecisionRules(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>The rule in force for a programme: its latest version, or the default (number 0) when none was saved.</summary>
    public async Task<DecisionRule> CurrentAsync(Guid programmeId, CancellationToken ct) =>
        await db.Set<DecisionRule>().AsNoTracking().Where(r => r.ProgrammeId == programmeId).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct)
        ?? new DecisionRule { ProgrammeId = programmeId, Number = 0 };

    /// <summary>A version of a programme's rule by number (0 is the default, which decides on the portfolio alone).</summary>
    public async Task<DecisionRule> VersionAsync(Guid programmeId, int number, CancellationToken ct) =>
        number == 0 ? new DecisionRule { ProgrammeId = programmeId, Number = 0 }
        : await db.Set<DecisionRule>().AsNoTracking().SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.Number == number, ct)
            ?? throw new InvalidOperationException($"Programme {programmeId} has no decision rule version {number}.");

    /// <summary>Every version of a programme's rule, newest first.</summary>
    public async Task<IReadOnlyList<DecisionRule>> HistoryAsync(Guid programmeId, CancellationToken ct) =>
        await db.Set<DecisionRule>().AsNoTracking().Where(r => r.ProgrammeId == programmeId).OrderByDescending(r => r.Number).ToListAsync(ct);

    /// <summary>Saves a new version of the programme's rule (the caller saves the context).</summary>
    public async Task<DecisionRule> AddVersionAsync(Guid programmeId, DecisionRuleInput input, string? userId, CancellationToken ct)
    {
        var current = await CurrentAsync(programmeId, ct);
        var rule = new DecisionRule
        {
            Id = ids.NewId(),
            ProgrammeId = programmeId,
            Number = current.Number + 1,
            MinimumLevel = input.MinimumLevel,
            StatementsAllowedBelow = input.StatementsAllowedBelow,
            SamplePercent = input.SamplePercent,
            Tolerance = input.Tolerance,
            AppealDays = input.AppealDays,
            RequiredComponents = string.Join(',', input.ComponentKeys),
            CreatedAt = clock.GetUtcNow(),
            CreatedById = userId,
        };
        db.Add(rule);
        audit.Add("decision-rule.changed", "DecisionRule", rule.Id.ToString(),
            $"programme {programmeId} version {rule.Number}: minimum level {rule.MinimumLevel}, {rule.StatementsAllowedBelow} allowed below, sample {rule.SamplePercent}%, tolerance {rule.Tolerance}, review period {rule.AppealDays} days, requires the portfolio{string.Concat(input.ComponentKeys.Select(k => " and " + k))}");
        return rule;
    }

    /// <summary>Whether a rule already holds these values (a recipe run again adds no version).</summary>
    public static bool Holds(DecisionRule rule, DecisionRuleInput input) =>
        rule.MinimumLevel == input.MinimumLevel && rule.StatementsAllowedBelow == input.StatementsAllowedBelow && rule.SamplePercent == input.SamplePercent
        && rule.Tolerance == input.Tolerance && rule.AppealDays == input.AppealDays && rule.ComponentKeys().Order(StringComparer.Ordinal).SequenceEqual(input.ComponentKeys);

    /// <summary>Applies a rule to grades (one per statement).</summary>
    public static RuleResult Apply(DecisionRule rule, IReadOnlyCollection<int> levels)
    {
        var below = levels.Count(l => l < rule.MinimumLevel);
        var accredited = below <= rule.StatementsAllowedBelow;
        return new RuleResult(accredited ? Decision.Accredited : Decision.NotYetAccredited, accredited && levels.All(l => l <= rule.MinimumLevel));
    }
}
