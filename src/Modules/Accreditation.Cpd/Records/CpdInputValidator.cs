using System.Globalization;
using Accreditation.Cpd.Data;
using FluentValidation;

namespace Accreditation.Cpd.Records;

/// <summary>
/// Checks a CPD record as the person entered it, field by field in the order the form shows them, with the words the
/// error summary shows. <see cref="CpdEntry.From"/> reads a valid input into values.
/// </summary>
public sealed class CpdInputValidator : AbstractValidator<CpdInput>
{
    /// <summary>The longest time one record may give: 1,000 hours, in minutes.</summary>
    public const int MaxMinutes = 1000 * 60;

    /// <summary>Makes the checks for a record saved on <paramref name="today"/> (UK), linking to the given statements only.</summary>
    public CpdInputValidator(DateOnly today, IReadOnlySet<Guid> statementIds)
    {
        RuleFor(i => i.ActivityType).Must(v => Activity(v) is not null).WithMessage("Select the type of activity");

        RuleFor(i => i.Title).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a title")
            .Must(v => v!.Trim().Length <= CpdModel.NameLength).WithMessage($"The title must be {CpdModel.NameLength} characters or fewer");

        RuleFor(i => i).Custom((i, context) =>
            CheckDate(i.DateDay, i.DateMonth, i.DateYear, "date of the activity", "DateDay", required: true, today, context));

        RuleFor(i => i.Hours).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter the time spent in hours, for example 1.5")
            .Must(v => Hours(v) is { } hours && hours > 0).WithMessage("Enter the time spent as a number of hours, for example 1.5")
            .Must(v => Minutes(v) is >= 1 and <= MaxMinutes).WithMessage("The time spent must be between 1 minute and 1,000 hours");

        Text(i => i.Description, "Enter what the activity was and why it was relevant");
        Text(i => i.Learning, "Enter what you learned");
        Text(i => i.Impact, "Enter the impact on your practice and on the people you work with");

        RuleFor(i => i.Link).Must(v => CpdRecords.SafeLink(v) is not null).When(i => !string.IsNullOrWhiteSpace(i.Link))
            .WithMessage("Enter a web address starting with https://, for example https://www.example.org/course (a link may also start with http://, mailto: or doi:)");

        RuleFor(i => i.PeerName).Must(v => Length(v) <= CpdModel.NameLength).WithMessage($"The peer's name must be {CpdModel.NameLength:N0} characters or fewer");
        RuleFor(i => i.PeerRole).Must(v => Length(v) <= CpdModel.NameLength).WithMessage($"The peer's role must be {CpdModel.NameLength:N0} characters or fewer");
        RuleFor(i => i.PeerLearning).Must(v => Length(v) <= CpdModel.TextLength)
            .WithMessage($"What you learned from the discussion must be {CpdModel.TextLength:N0} characters or fewer");
        RuleFor(i => i).Custom((i, context) =>
            CheckDate(i.PeerDateDay, i.PeerDateMonth, i.PeerDateYear, "date of the discussion", "PeerDateDay", required: false, today, context));

        // A peer reflection needs the peer's name and what was learned, once anything of it is given.
        RuleFor(i => i.PeerName).Must(v => !string.IsNullOrWhiteSpace(v)).When(AnyPeer)
            .WithMessage("Enter the name of the peer you discussed this with, or clear the peer reflection");
        RuleFor(i => i.PeerLearning).Must(v => !string.IsNullOrWhiteSpace(v)).When(AnyPeer)
            .WithMessage("Enter what you learned from the discussion with your peer, or clear the peer reflection");

        RuleFor(i => i.StatementIds).Must(ids => ids.All(statementIds.Contains)).WithMessage("Select statements from the list");
    }

    /// <summary>The activity type named, or null when it names none.</summary>
    public static CpdActivityType? Activity(string? value) =>
        !string.IsNullOrWhiteSpace(value) && Enum.TryParse<CpdActivityType>(value, ignoreCase: false, out var activity) && Enum.IsDefined(activity)
            ? activity
            : null;

    /// <summary>The hours entered ("1.5", "1,5"), or null when they are not a number.</summary>
    public static decimal? Hours(string? value) =>
        decimal.TryParse(value?.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours) ? hours : null;

    /// <summary>The hours entered as whole minutes, or null when they are not a positive number.</summary>
    public static int? Minutes(string? value) =>
        Hours(value) is { } hours && hours > 0 ? (int)Math.Round(Math.Min(hours, MaxMinutes) * 60m) : null;

    /// <summary>The date from its three boxes, or null when they do not make a real date from 1950 on.</summary>
    public static DateOnly? Date(string? day, string? month, string? year) =>
        int.TryParse(day?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
        && int.TryParse(month?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
        && int.TryParse(year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
        && y is >= 1950 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            ? new DateOnly(y, m, d)
            : null;

    /// <summary>The trimmed text, or null when it is blank.</summary>
    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Length(string? value) => value?.Trim().Length ?? 0;

    private static bool Blank(string? day, string? month, string? year) =>
        string.IsNullOrWhiteSpace(day) && string.IsNullOrWhiteSpace(month) && string.IsNullOrWhiteSpace(year);

    // Something of a peer reflection is given (a value too long to keep does not count: it has its own message).
    private static bool AnyPeer(CpdInput i) =>
        Length(i.PeerName) is > 0 and <= CpdModel.NameLength
        || Length(i.PeerRole) is > 0 and <= CpdModel.NameLength
        || Length(i.PeerLearning) is > 0 and <= CpdModel.TextLength
        || !Blank(i.PeerDateDay, i.PeerDateMonth, i.PeerDateYear);

    private void Text(System.Linq.Expressions.Expression<Func<CpdInput, string?>> field, string missing) =>
        RuleFor(field).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(missing)
            .Must(v => v!.Trim().Length <= CpdModel.TextLength)
            .WithMessage((_, v) => $"This must be {CpdModel.TextLength:N0} characters or fewer (it is {v!.Trim().Length:N0})");

    private static void CheckDate(string? day, string? month, string? year, string what, string field, bool required, DateOnly today, ValidationContext<CpdInput> context)
    {
        if (Blank(day, month, year))
        {
            if (required)
            {
                context.AddFailure(field, $"Enter the {what}");
            }

            return;
        }

        if (Date(day, month, year) is not { } date)
        {
            context.AddFailure(field, $"The {what} must be a real date, for example 27 3 2026");
        }
        else if (date > today)
        {
            context.AddFailure(field, $"The {what} must be today or in the past");
        }
    }
}

/// <summary>A CPD record's values read from a valid <see cref="CpdInput"/> (checked by <see cref="CpdInputValidator"/>).</summary>
public sealed record CpdEntry(
    CpdActivityType ActivityType,
    string Title,
    DateOnly Date,
    int Minutes,
    string Description,
    string Learning,
    string Impact,
    string? Link,
    string? PeerName,
    string? PeerRole,
    DateOnly? PeerDate,
    string? PeerLearning,
    IReadOnlyList<Guid> StatementIds)
{
    /// <summary>Reads the values of an input the validator passed.</summary>
    public static CpdEntry From(CpdInput input)
    {
        var peerName = CpdInputValidator.Trimmed(input.PeerName);
        return new CpdEntry(
            CpdInputValidator.Activity(input.ActivityType)!.Value,
            input.Title!.Trim(),
            CpdInputValidator.Date(input.DateDay, input.DateMonth, input.DateYear)!.Value,
            CpdInputValidator.Minutes(input.Hours)!.Value,
            input.Description!.Trim(),
            input.Learning!.Trim(),
            input.Impact!.Trim(),
            CpdRecords.SafeLink(input.Link),
            peerName,
            peerName is null ? null : CpdInputValidator.Trimmed(input.PeerRole),
            peerName is null ? null : CpdInputValidator.Date(input.PeerDateDay, input.PeerDateMonth, input.PeerDateYear),
            CpdInputValidator.Trimmed(input.PeerLearning),
            input.StatementIds.Distinct().ToList());
    }
}
