using Accreditation.Frameworks.Data;
using FluentValidation;

namespace Accreditation.Frameworks.Versioning;

/// <summary>A statement's title and description as an admin typed them.</summary>
public sealed record StatementText(string? Title, string? Description);

/// <summary>Checks a statement's text before a draft is changed: both parts given, each within its length.</summary>
public sealed class StatementTextValidator : AbstractValidator<StatementText>
{
    /// <summary>The checks, in the order the form shows the fields.</summary>
    public StatementTextValidator()
    {
        RuleFor(t => t.Title).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a title")
            .Must(v => v!.Trim().Length <= FrameworksModel.TitleLength).WithMessage($"Title must be {FrameworksModel.TitleLength} characters or fewer")
            .OverridePropertyName(FrameworkVersioning.TitleField);

        RuleFor(t => t.Description).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a description")
            .Must(v => v!.Trim().Length <= FrameworksModel.DescriptionLength).WithMessage($"Description must be {FrameworksModel.DescriptionLength:N0} characters or fewer")
            .OverridePropertyName(FrameworkVersioning.DescriptionField);
    }
}
