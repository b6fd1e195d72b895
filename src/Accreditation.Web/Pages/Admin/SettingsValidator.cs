using Accreditation.Core.Data;
using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Web.Pages.Admin;

/// <summary>The values of the settings form, in the order of its fields.</summary>
public sealed record SettingsInput(IReadOnlyList<string?> Values);

/// <summary>
/// Checks the settings form's values against its fields, field by field in the order the form shows them: one problem
/// a field at most (a lost race with another admin is found by the page when it saves).
/// </summary>
public sealed class SettingsValidator : AbstractValidator<SettingsInput>
{
    /// <summary>The checks for the <paramref name="fields"/> the form edits.</summary>
    public SettingsValidator(IReadOnlyList<SettingsModel.Field> fields)
    {
        RuleFor(i => i.Values).Custom((values, context) =>
        {
            // The messages quote the fields' labels, so they are not message templates.
            for (var i = 0; i < fields.Count && i < values.Count; i++)
            {
                if (Problem(fields[i], values[i]?.Trim() ?? "") is { } problem)
                {
                    context.AddFailure(new ValidationFailure($"{nameof(SettingsInput.Values)}[{i}]", problem));
                }
            }
        });
    }

    private static string? Problem(SettingsModel.Field field, string value)
    {
        if (field.Required && value.Length == 0)
        {
            return $"Enter the {field.Label.ToLowerInvariant()}";
        }

        if (value.Length > field.MaxLength)
        {
            return $"{field.Label} must be {field.MaxLength} characters or fewer";
        }

        if (value.Any(char.IsControl))
        {
            return $"{field.Label} must not contain line breaks or control characters";
        }

        return field.Key == SiteSettings.FeedbackUrlKey && value.Length > 0 && !SiteSettings.IsFeedbackAddress(value)
            ? "Enter the feedback address as a web address starting https://, a mailto: address or a path starting /"
            : null;
    }
}
