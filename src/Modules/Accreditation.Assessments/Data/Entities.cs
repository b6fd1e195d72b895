using Accreditation.Core.Data;

namespace Accreditation.Assessments.Data;

/// <summary>How a question is answered.</summary>
public enum ItemKind
{
    /// <summary>One of the options is right.</summary>
#pragma warning disable CA1720 // "Single" is the field's word for a one-answer question, not the type.
    Single,
#pragma warning restore CA1720

    /// <summary>Choose the k right options of n.</summary>
    Multiple,
}

/// <summary>Where a question stands in the bank.</summary>
public enum ItemStatus
{
    /// <summary>Being written; never drawn into a form.</summary>
    Draft,

    /// <summary>Reviewed and live: drawn into forms.</summary>
    Live,

    /// <summary>Taken out of use by an author.</summary>
    Retired,

    /// <summary>Replaced by a newer version (this one was used in a sitting, so it is kept as it was).</summary>
    Superseded,
}

/// <summary>
/// One version of a question in the bank. Questions are identified across versions by <see cref="Key"/>; a version used
/// in a sitting is never changed: an edit makes version n+1 and supersedes it.
/// </summary>
public sealed class QuestionItem : IVersioned
{
    /// <summary>Id of this version.</summary>
    public Guid Id { get; set; }

    /// <summary>The author's stable reference, e.g. "PL-017" (the same for every version).</summary>
    public required string Key { get; set; }

    /// <summary>Version number, from 1.</summary>
    public int Number { get; set; } = 1;

    /// <summary>Status.</summary>
    public ItemStatus Status { get; set; }

    /// <summary>Single or multiple answer.</summary>
    public ItemKind Kind { get; set; }

    /// <summary>The statement group the blueprint draws by and feedback is given for, e.g. "General" or "Applied".</summary>
    public required string Group { get; set; }

    /// <summary>The KSS statement numbers the item tests, comma separated ("1,5").</summary>
    public string Statements { get; set; } = "";

    /// <summary>The scenario set's key when the item belongs to a case scenario, else null.</summary>
    public string? ScenarioKey { get; set; }

    /// <summary>The case scenario's text (every item of a set holds the same text for its version).</summary>
    public string? ScenarioText { get; set; }

    /// <summary>The question.</summary>
    public required string Stem { get; set; }

    /// <summary>The options, one per line (2 to 8).</summary>
    public required string Options { get; set; }

    /// <summary>The key: zero-based indexes of the right options, comma separated. Never sent to a candidate.</summary>
    public required string Correct { get; set; }

    /// <summary>Multiple answer only: partial credit (right chosen minus wrong chosen, over k) instead of all or nothing.</summary>
    public bool PartialCredit { get; set; }

    /// <summary>The author's reasoning for the key, for reviewers. Never sent to a candidate.</summary>
    public string? Rationale { get; set; }

    /// <summary>Who last wrote this version.</summary>
    public string? EditedById { get; set; }

    /// <summary>Who reviewed it into use.</summary>
    public string? ReviewedById { get; set; }

    /// <summary>When this version was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The options as a list.</summary>
    public IReadOnlyList<string> OptionList() => Options.Split('\n');

    /// <summary>The key as a set of option indexes.</summary>
    public IReadOnlySet<int> CorrectSet() => Correct.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
}

/// <summary>How a programme's assessment is drawn and marked.</summary>
public sealed class Blueprint : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The programme (Portfolios) it belongs to; one blueprint per programme.</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>How many items per group, "General=18;Applied=12".</summary>
    public required string Rules { get; set; }

    /// <summary>Time limit in minutes before adjustments.</summary>
    public int TimeLimitMinutes { get; set; } = 60;

    /// <summary>Pass mark, percent of the marks available.</summary>
    public int PassMarkPercent { get; set; } = 70;

    /// <summary>Whether the items' order is shuffled per candidate.</summary>
    public bool ShuffleItems { get; set; } = true;

    /// <summary>Whether each item's options are shuffled per candidate.</summary>
    public bool ShuffleOptions { get; set; } = true;

    /// <summary>Most sittings a candidate may have per enrolment.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Days after a submitted sitting before the candidate may sit again.</summary>
    public int ResitAfterDays { get; set; } = 28;

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The rules as (group, count) pairs.</summary>
    public IReadOnlyList<(string Group, int Count)> RuleList() => ParseRules(Rules);

    /// <summary>Parses "General=18;Applied=12"; bad parts are left out (the form validates before saving).</summary>
    public static IReadOnlyList<(string Group, int Count)> ParseRules(string rules) =>
        rules.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2 && int.TryParse(p[1], out _))
            .Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
}

/// <summary>A lead assessor's decision on a candidate's request for reasonable adjustments to the assessment.</summary>
public sealed class SittingAdjustment : IVersioned
{
    /// <summary>The enrolment (Portfolios) it applies to.</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>Extra time, percent of the time limit (e.g. 25).</summary>
    public int ExtraTimePercent { get; set; }

    /// <summary>Rest-break minutes added to the sitting's time.</summary>
    public int RestBreakMinutes { get; set; }

    /// <summary>Who set it.</summary>
    public string? SetById { get; set; }

    /// <summary>When it was set.</summary>
    public DateTimeOffset SetAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>Whether a sitting is under way.</summary>
public enum SittingStatus
{
    /// <summary>Under way.</summary>
    Active,

    /// <summary>Submitted by the candidate or by the server at the time limit; scored.</summary>
    Submitted,
}

/// <summary>One candidate's attempt at the assessment: their drawn form, deadline and result.</summary>
public sealed class Sitting : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The enrolment (Portfolios).</summary>
    public Guid EnrolmentId { get; set; }

    /// <summary>The programme (Portfolios).</summary>
    public Guid ProgrammeId { get; set; }

    /// <summary>The candidate's user id.</summary>
    public required string CandidateId { get; set; }

    /// <summary>Attempt number for the enrolment, from 1.</summary>
    public int Attempt { get; set; }

    /// <summary>The seed the form was drawn with (reproducible).</summary>
    public int Seed { get; set; }

    /// <summary>Status.</summary>
    public SittingStatus Status { get; set; }

    /// <summary>When it started (server clock).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When time runs out (server clock; adjustments included).</summary>
    public DateTimeOffset Deadline { get; set; }

    /// <summary>When it was submitted.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>True when the server submitted it at the time limit.</summary>
    public bool SubmittedByTimeLimit { get; set; }

    /// <summary>Marks scored (partial credit makes fractions).</summary>
    public double Score { get; set; }

    /// <summary>Marks available.</summary>
    public int MaxScore { get; set; }

    /// <summary>Whether the score reached the pass mark.</summary>
    public bool Passed { get; set; }

    /// <summary>Feedback per statement group, "General=14/18;Applied=9/12".</summary>
    public string? GroupFeedback { get; set; }

    /// <summary>When the result was released to the candidate; null while held.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }
}

/// <summary>An item of a sitting's drawn form, in the candidate's order, with its option order.</summary>
public sealed class SittingItem
{
    /// <summary>The sitting.</summary>
    public Guid SittingId { get; set; }

    /// <summary>Position, from 1.</summary>
    public int Position { get; set; }

    /// <summary>The item version drawn.</summary>
    public Guid ItemId { get; set; }

    /// <summary>Option order as shown: original indexes, comma separated ("2,0,3,1").</summary>
    public required string OptionOrder { get; set; }

    /// <summary>
    /// The value each option carries on the candidate's page, in the shown order: random tokens made for this sitting,
    /// comma separated, mapped back to the authored indexes only on the server. Null for a sitting started before
    /// tokens existed (they are made on first use).
    /// </summary>
    public string? OptionTokens { get; set; }

    /// <summary>The candidate's answer: original option indexes, comma separated; null when unanswered.</summary>
    public string? Answer { get; set; }

    /// <summary>
    /// The moment of the change this answer came from, in milliseconds since the Unix epoch: the browser's change time
    /// (clamped to the sitting's time), or the server's for a form post. A save carrying an earlier change never
    /// overwrites a later one, so two tabs (or a reordered network) cannot lose the later answer.
    /// </summary>
    public long ChangedAt { get; set; }

    /// <summary>When the item was first shown (for time taken).</summary>
    public DateTimeOffset? ShownAt { get; set; }

    /// <summary>The mark the answer earned once scored.</summary>
    public double? Mark { get; set; }

    /// <summary>
    /// Set in the first statement of submitting: a save is a conditional update of this row that requires it unset, so
    /// every save acknowledged before the submit is scored and none after it is accepted (on PostgreSQL too, where the
    /// row lock makes a racing save wait and then re-check the condition).
    /// </summary>
    public bool Locked { get; set; }
}
