using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Accreditation.Core.Forms;

/// <summary>
/// A problem a person can fix on a form: the field it belongs to (the property name the page binds, so the GOV.UK error
/// summary links to it; empty for the form as a whole) and the words shown.
/// </summary>
public sealed record FormError(string Field, string Message);

/// <summary>
/// The outcome every form's save returns: the problems to show, and whether the save lost a race with someone else's
/// (a conflict: nothing was saved and the page shows both versions). A module's result that carries more (the id saved,
/// the new row version) derives from it, so every page shows problems the same way (<see cref="FormResults.AddTo"/>).
/// </summary>
public record FormResult(IReadOnlyList<FormError> Errors, bool IsConflict = false)
{
    /// <summary>Whether the save went through with nothing to fix (a result that can stop for other reasons says so itself).</summary>
    public virtual bool Succeeded => !IsConflict && Errors.Count == 0;
}

/// <summary>Building and showing <see cref="FormResult"/> problems.</summary>
public static class FormResults
{
    /// <summary>The failures of a FluentValidation check as form problems, in the validator's order.</summary>
    public static List<FormError> ToFormErrors(this ValidationResult validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        return validation.Errors.Select(e => new FormError(e.PropertyName, e.ErrorMessage)).Distinct().ToList();
    }

    /// <summary>Adds one problem (field, message).</summary>
    public static void Add(this ICollection<FormError> errors, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add(new FormError(field, message));
    }

    /// <summary>
    /// Puts the problems into the page's model state, where the error summary and the fields read them; a page that binds
    /// the form as one property (<c>Input</c>) gives its name as <paramref name="prefix"/>.
    /// </summary>
    public static void AddTo(this IEnumerable<FormError> errors, ModelStateDictionary modelState, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(modelState);
        foreach (var error in errors)
        {
            modelState.AddModelError(prefix.Length > 0 && error.Field.Length > 0 ? $"{prefix}.{error.Field}" : error.Field, error.Message);
        }
    }
}
