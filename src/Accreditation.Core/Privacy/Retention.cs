using System.Globalization;
using System.Text;
using Accreditation.Core.Modules;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Core.Privacy;

/// <summary>The unit of a retention period.</summary>
public enum RetentionUnit
{
    /// <summary>Days.</summary>
    Days,

    /// <summary>Calendar months.</summary>
    Months,

    /// <summary>Calendar years.</summary>
    Years,
}

/// <summary>How long a kind of data is kept: "30 days", "2 years" (calendar arithmetic, so a year is a year).</summary>
public readonly record struct RetentionPeriod(int Count, RetentionUnit Unit)
{
    /// <summary>The instant before which data of this age has run its period, seen at <paramref name="now"/>.</summary>
    public DateTimeOffset Before(DateTimeOffset now) => Unit switch
    {
        RetentionUnit.Days => now.AddDays(-Count),
        RetentionUnit.Months => now.AddMonths(-Count),
        _ => now.AddYears(-Count),
    };

    /// <summary>The period as people read it, e.g. "30 days", "1 year".</summary>
    public override string ToString() => $"{Count} {(Unit, Count == 1) switch
    {
        (RetentionUnit.Days, true) => "day",
        (RetentionUnit.Days, false) => "days",
        (RetentionUnit.Months, true) => "month",
        (RetentionUnit.Months, false) => "months",
        (_, true) => "year",
        _ => "years",
    }}";

    /// <summary>Reads "30 days", "6 months", "2 years" (singular or plural, any case); false for anything else.</summary>
    public static bool TryParse(string? text, out RetentionPeriod period)
    {
        period = default;
        var parts = (text ?? "").Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 100_000)
        {
            return false;
        }

        RetentionUnit? unit = parts[1].ToLowerInvariant() switch
        {
            "day" or "days" => RetentionUnit.Days,
            "month" or "months" => RetentionUnit.Months,
            "year" or "years" => RetentionUnit.Years,
            _ => null,
        };
        if (unit is null || (unit == RetentionUnit.Years && count > 200) || (unit == RetentionUnit.Months && count > 2400))
        {
            return false;
        }

        period = new RetentionPeriod(count, unit.Value);
        return true;
    }

    /// <summary>Parses a period the code itself gives (defaults); throws for a malformed one.</summary>
    public static RetentionPeriod Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a retention period such as \"30 days\" or \"2 years\".");
}

/// <summary>
/// A kind of data with a retention period: its setting key (Privacy:Retention:{Key}), what it is, when its period
/// starts, what happens at the end, and the default period.
/// </summary>
/// <param name="Key">The setting's key, e.g. "SentEmailBodies".</param>
/// <param name="What">What it is, e.g. "Text of sent emails".</param>
/// <param name="From">When the period starts, e.g. "after sending".</param>
/// <param name="Outcome">What happens at the end, e.g. "removed; the record that the email was sent stays".</param>
/// <param name="DefaultPeriod">The default period, e.g. "30 days".</param>
public sealed record RetentionKind(string Key, string What, string From, string Outcome, string DefaultPeriod);

/// <summary>Applies one or more retention kinds: removes or anonymises what has run its period.</summary>
public interface IRetentionRule
{
    /// <summary>
    /// Removes (or anonymises) the data of <paramref name="kind"/> whose period ended before <paramref name="cutoff"/>;
    /// returns how many records or files it removed. Safe to run again: what is gone stays gone.
    /// </summary>
    Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct);
}

/// <summary>A retention kind, the module that owns it and the rule that applies it.</summary>
public sealed record RetentionRegistration(string ModuleId, RetentionKind Kind, Type RuleType);

/// <summary>One line of the retention schedule in force.</summary>
public sealed record RetentionEntry(RetentionRegistration Registration, RetentionPeriod Period)
{
    /// <summary>The kind.</summary>
    public RetentionKind Kind => Registration.Kind;

    /// <summary>"30 days after sending".</summary>
    public string PeriodText => $"{Period} {Kind.From}";
}

/// <summary>
/// The retention schedule in force: every registered kind of the composed modules with its period from
/// Privacy:Retention:{Key} (the default when unset). The admin page, the background task and the privacy notice all
/// read it, so what people are told is what runs.
/// </summary>
public sealed class RetentionSchedule(IEnumerable<RetentionRegistration> registrations, ComposedModules modules, IConfiguration configuration)
{
    /// <summary>The configuration section of the periods.</summary>
    public const string Section = "Privacy:Retention";

    /// <summary>The placeholder a page body can hold to show the schedule (the privacy notice does).</summary>
    public const string Placeholder = "{{ retention-schedule }}";

    /// <summary>The schedule, in module order; throws naming the setting when a configured period cannot be read.</summary>
    public IReadOnlyList<RetentionEntry> Entries()
    {
        var errors = Problems();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        return Composed().Select(r => new RetentionEntry(r, PeriodOf(r.Kind)!.Value)).ToList();
    }

    /// <summary>What is wrong with the configured periods (empty when every one reads).</summary>
    public IReadOnlyList<string> Problems() =>
        Composed().Where(r => PeriodOf(r.Kind) is null)
            .Select(r => $"{Section}:{r.Kind.Key} is \"{configuration[$"{Section}:{r.Kind.Key}"]}\"; give a period such as \"30 days\", \"6 months\" or \"2 years\".")
            .ToList();

    /// <summary>The schedule as a Markdown table (for the privacy notice).</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("| What | How long we keep it | Then |\n|---|---|---|\n");
        foreach (var entry in Entries())
        {
            text.Append("| ").Append(Cell(entry.Kind.What)).Append(" | ").Append(Cell(entry.PeriodText)).Append(" | ").Append(Cell(entry.Kind.Outcome)).Append(" |\n");
        }

        return text.ToString();
    }

    private RetentionPeriod? PeriodOf(RetentionKind kind) =>
        configuration[$"{Section}:{kind.Key}"] is { Length: > 0 } configured
            ? RetentionPeriod.TryParse(configured, out var period) ? period : null
            : RetentionPeriod.Parse(kind.DefaultPeriod);

    private IEnumerable<RetentionRegistration> Composed()
    {
        var order = modules.Composed.Select((m, i) => (m.Manifest.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        return registrations
            .Where(r => r.ModuleId == ModuleHost.CoreModuleId || modules.IsComposed(r.ModuleId))
            .OrderBy(r => r.ModuleId == ModuleHost.CoreModuleId ? int.MaxValue : order[r.ModuleId]);
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

/// <summary>Refuses to start with a retention period that cannot be read, naming the setting.</summary>
public sealed class RetentionSettingsCheck(RetentionSchedule schedule) : IStartupTask
{
    /// <inheritdoc />
    public int Order => 0;

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var problems = schedule.Problems();
        return problems.Count == 0 ? Task.CompletedTask : throw new InvalidOperationException(string.Join(" ", problems));
    }
}
