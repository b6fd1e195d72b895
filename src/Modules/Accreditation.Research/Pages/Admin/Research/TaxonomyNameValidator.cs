using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>
/// A topic's or an evidence level's name as an editor typed it, and the form field it was typed in (each row of the
/// taxonomy page is its own form, so the field says which row's box shows the problem).
/// </summary>
public sealed record TaxonomyNameInput(string Field, string? Name);

/// <summary>
/// Checks a topic's or an evidence level's name: given, and short enough (a name another topic or level already has is
/// found by the page).
/// </summary>
public sealed class TaxonomyNameValidator : AbstractValidator<TaxonomyNameInput>
{
    /// <summary>The longest name a topic or an evidence level may have.</summary>
    public const int NameLength = 200;

    /// <summary>The checks for a topic's name.</summary>
    public static TaxonomyNameValidator Topic { get; } = new($"Enter a topic name of {NameLength} characters or fewer");

    /// <summary>The checks for an evidence level's name.</summary>
    public static TaxonomyNameValidator EvidenceLevel { get; } = new($"Enter an evidence level name of {NameLength} characters or fewer");

    private TaxonomyNameValidator(string message) =>
        RuleFor(i => i.Name).Custom((name, context) =>
        {
            // The field is the input's, not a property's name, so the failure names it itself.
            var trimmed = name?.Trim() ?? "";
            if (trimmed.Length == 0 || trimmed.Length > NameLength)
            {
                context.AddFailure(new ValidationFailure(context.InstanceToValidate.Field, message));
            }
        });
}
