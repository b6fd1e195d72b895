using System.Text.RegularExpressions;
using Accreditation.Assessments.Data;

namespace Accreditation.Assessments.Bank;

/// <summary>
/// A question as an author writes it (form, JSON or CSV row). Option numbers in <see cref="Correct"/> count from 1, as
/// authors read them.
/// </summary>
public sealed partial record ItemDraft(
    string Key,
    string Kind,
    string Group,
    IReadOnlyList<int> Statements,
    string? Scenario,
    string? ScenarioText,
    string Stem,
    IReadOnlyList<string> Options,
    IReadOnlyList<int> Correct,
    bool PartialCredit,
    string? Rationale,
    string Status)
{
    /// <summary>Most options an item may have.</summary>
    public const int MaxOptions = 8;

    /// <summary>The draft of an existing item version.</summary>
    public static ItemDraft From(QuestionItem item) => new(
        item.Key, item.Kind.ToString(), item.Group,
        item.Statements.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(),
        item.ScenarioKey, item.ScenarioText, item.Stem, item.OptionList(),
        item.CorrectSet().Order().Select(i => i + 1).ToList(), item.PartialCredit, item.Rationale, item.Status.ToString());

    /// <summary>Every problem with the draft, as sentences an author can act on.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Key) || Key.Length > 50 || !KeyPattern().IsMatch(Key))
        {
            problems.Add("The key must be 1 to 50 letters, digits, dots, hyphens or underscores, e.g. PL-017.");
        }

        if (!Enum.TryParse<ItemKind>(Kind, ignoreCase: true, out var kind) || int.TryParse(Kind, out _))
        {
            problems.Add("The kind must be Single or Multiple.");
        }

        if (string.IsNullOrWhiteSpace(Group) || Group.Length > 100 || Group.Contains('=') || Group.Contains(';'))
        {
            problems.Add("The group must be 1 to 100 characters, without = or ;.");
        }

        if (Statements.Any(s => s is < 1 or > 99))
        {
            problems.Add("Statement numbers must be between 1 and 99.");
        }

        if (Scenario is { Length: > 0 } && (Scenario.Length > 50 || !KeyPattern().IsMatch(Scenario)))
        {
            problems.Add("The scenario key must be 1 to 50 letters, digits, dots, hyphens or underscores.");
        }

        if (Scenario is { Length: > 0 } && string.IsNullOrWhiteSpace(ScenarioText))
        {
            problems.Add("An item in a scenario set needs the scenario's text.");
        }

        if (ScenarioText is { Length: > AssessmentModel.TextLength })
        {
            problems.Add($"The scenario must be {AssessmentModel.TextLength:N0} characters or fewer.");
        }

        if (string.IsNullOrWhiteSpace(Stem) || Stem.Length > AssessmentModel.TextLength)
        {
            problems.Add($"The question must be 1 to {AssessmentModel.TextLength:N0} characters.");
        }

        if (Options.Count is < 2 or > MaxOptions)
        {
            problems.Add($"An item needs 2 to {MaxOptions} options.");
        }
        else if (Options.Any(o => string.IsNullOrWhiteSpace(o) || o.Length > 500 || o.Contains('\n') || o.Contains('\r')))
        {
            problems.Add("Every option must be 1 to 500 characters on one line.");
        }

        if (Correct.Count == 0 || Correct.Any(c => c < 1 || c > Options.Count) || Correct.Distinct().Count() != Correct.Count)
        {
            problems.Add($"The correct answers must be option numbers from 1 to {Options.Count}, each once.");
        }
        else if (kind == ItemKind.Single && Correct.Count != 1)
        {
            problems.Add("A single-answer item has exactly one correct option.");
        }
        else if (kind == ItemKind.Multiple && Correct.Count >= Options.Count)
        {
            problems.Add("A multiple-answer item needs at least one wrong option.");
        }

        if (PartialCredit && kind != ItemKind.Multiple)
        {
            problems.Add("Only multiple-answer items can give partial credit.");
        }

        if (Rationale is { Length: > AssessmentModel.TextLength })
        {
            problems.Add($"The rationale must be {AssessmentModel.TextLength:N0} characters or fewer.");
        }

        if (!Enum.TryParse<ItemStatus>(Status, ignoreCase: true, out var status) || status == ItemStatus.Superseded || int.TryParse(Status, out _))
        {
            problems.Add("The status must be Draft, Live or Retired.");
        }

        return problems;
    }

    /// <summary>Whether a stored version already holds exactly this content (status aside).</summary>
    public bool SameContentAs(QuestionItem item) =>
        string.Equals(item.Kind.ToString(), Kind, StringComparison.OrdinalIgnoreCase)
        && item.Group == Group.Trim()
        && item.Statements == StatementsText
        && item.ScenarioKey == NullIfEmpty(Scenario)
        && item.ScenarioText == (NullIfEmpty(Scenario) is null ? null : ScenarioText?.Trim())
        && item.Stem == Stem.Trim()
        && item.Options == OptionsText
        && item.Correct == CorrectText
        && item.PartialCredit == PartialCredit
        && item.Rationale == NullIfEmpty(Rationale?.Trim());

    /// <summary>Writes the draft's content and status onto an item version.</summary>
    public void ApplyTo(QuestionItem item)
    {
        item.Kind = Enum.Parse<ItemKind>(Kind, ignoreCase: true);
        item.Group = Group.Trim();
        item.Statements = StatementsText;
        item.ScenarioKey = NullIfEmpty(Scenario);
        item.ScenarioText = item.ScenarioKey is null ? null : ScenarioText?.Trim();
        item.Stem = Stem.Trim();
        item.Options = OptionsText;
        item.Correct = CorrectText;
        item.PartialCredit = PartialCredit;
        item.Rationale = NullIfEmpty(Rationale?.Trim());
        item.Status = Enum.Parse<ItemStatus>(Status, ignoreCase: true);
    }

    private string StatementsText => string.Join(',', Statements.Distinct().Order());

    private string OptionsText => string.Join('\n', Options.Select(o => o.Trim()));

    private string CorrectText => string.Join(',', Correct.Order().Select(c => c - 1));

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex KeyPattern();
}
