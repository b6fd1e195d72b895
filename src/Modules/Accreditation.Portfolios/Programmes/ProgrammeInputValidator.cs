using Accreditation.Portfolios.Data;
using FluentValidation;

namespace Accreditation.Portfolios.Programmes;

/// <summary>A new programme as an admin gave it: its name and the key of the framework it is built on.</summary>
public sealed record ProgrammeInput(string? Name, string? Framework);

/// <summary>
/// Checks a new programme, field by field in the order the form shows them: everything that can be checked without the
/// database (a name already taken or a framework not published is found by <see cref="ProgrammeCatalog"/>).
/// </summary>
public sealed class ProgrammeInputValidator : AbstractValidator<ProgrammeInput>
{
    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static ProgrammeInputValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public ProgrammeInputValidator()
    {
        RuleFor(i => i.Name).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a name for the programme")
            .Must(v => v!.Trim().Length <= PortfoliosModel.NameLength).WithMessage($"Name must be {PortfoliosModel.NameLength} characters or fewer");
        RuleFor(i => i.Framework).Must(v => !string.IsNullOrEmpty(v)).WithMessage("Select a framework");
    }
}
