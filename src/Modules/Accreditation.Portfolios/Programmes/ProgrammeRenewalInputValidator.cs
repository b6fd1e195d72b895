using System.Globalization;
using FluentValidation;

namespace Accreditation.Portfolios.Programmes;

/// <summary>A programme's renewal settings as the form sent them: the years an accreditation stays valid, as typed.</summary>
public sealed record ProgrammeRenewalInput(string? ValidYears);

/// <summary>Checks the years an accreditation stays valid: a whole number from 0 (it does not lapse) to <see cref="MaxYears"/>.</summary>
public sealed class ProgrammeRenewalInputValidator : AbstractValidator<ProgrammeRenewalInput>
{
    /// <summary>The most years an accreditation may stay valid.</summary>
    public const int MaxYears = 20;

    /// <summary>The check.</summary>
    public ProgrammeRenewalInputValidator() =>
        RuleFor(i => i.ValidYears).Must(v => Years(v) is not null)
            .WithMessage($"Enter the number of years as a whole number from 0 to {MaxYears} (0 if it does not lapse)");

    /// <summary>The years entered, or null when they are not a whole number from 0 to <see cref="MaxYears"/>.</summary>
    public static int? Years(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var years) && years <= MaxYears ? years : null;
}
