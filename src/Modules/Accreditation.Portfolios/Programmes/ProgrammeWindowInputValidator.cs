using System.Globalization;
using Accreditation.Portfolios.Data;
using FluentValidation;

namespace Accreditation.Portfolios.Programmes;

/// <summary>A new window as the form sent it: its name, opening and closing dates (day, month, year) and places.</summary>
public sealed record ProgrammeWindowInput(string? Name, string?[]? Opens, string?[]? Closes, string? Capacity);

/// <summary>
/// Checks a new window, field by field in the order the form shows them, with the words the error summary shows; the
/// names the programme's windows already have are given, as a window's name must be new.
/// </summary>
public sealed class ProgrammeWindowInputValidator : AbstractValidator<ProgrammeWindowInput>
{
    /// <summary>The most places a window may have.</summary>
    public const int MaxCapacity = 100_000;

    /// <summary>The checks for a programme whose windows have <paramref name="windowNames"/>.</summary>
    public ProgrammeWindowInputValidator(IEnumerable<string> windowNames)
    {
        var taken = windowNames.ToHashSet(StringComparer.Ordinal);

        RuleFor(i => i.Name).Cascade(CascadeMode.Stop)
            .Must(v => Trimmed(v).Length > 0).WithMessage("Enter a name for the window")
            .Must(v => Trimmed(v).Length <= PortfoliosModel.NameLength).WithMessage($"Name must be {PortfoliosModel.NameLength} characters or fewer")
            .Must(v => !taken.Contains(Trimmed(v))).WithMessage((_, v) => $"This programme already has a window called {Trimmed(v)}");

        DateRule(i => i.Opens, "opening date");
        DateRule(i => i.Closes, "closing date");
        RuleFor(i => i.Closes).Must((i, closes) => Date(closes) >= Date(i.Opens)).When(i => Date(i.Opens) is not null && Date(i.Closes) is not null)
            .WithMessage("The closing date must be the same as or after the opening date");

        RuleFor(i => i.Capacity).Must(v => Places(v) is not null).WithMessage("Enter the number of places as a whole number from 1 to 100,000");
    }

    /// <summary>The name without surrounding spaces (empty when none).</summary>
    public static string Trimmed(string? name) => name?.Trim() ?? "";

    /// <summary>The date from its day, month and year boxes, or null when they do not make a real date from 2000 to 2100.</summary>
    public static DateOnly? Date(string?[]? parts) =>
        parts is { Length: 3 }
        && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
        && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
        && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    /// <summary>The places entered, or null when they are not a whole number from 1 to <see cref="MaxCapacity"/>.</summary>
    public static int? Places(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var places) && places is >= 1 and <= MaxCapacity ? places : null;

    private void DateRule(System.Linq.Expressions.Expression<Func<ProgrammeWindowInput, string?[]?>> field, string label) =>
        RuleFor(field).Cascade(CascadeMode.Stop)
            .Must(v => v is { Length: 3 } && !v.All(string.IsNullOrWhiteSpace)).WithMessage($"Enter the {label}")
            .Must(v => Date(v) is not null).WithMessage($"The {label} must be a real date, like 27 3 2027");
}
