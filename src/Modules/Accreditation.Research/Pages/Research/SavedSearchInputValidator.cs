using Accreditation.Research.SavedSearches;
using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Research.Pages.Research;

/// <summary>A search as a person asked to save it: the name typed (empty for one made from the search) and the library page's query string.</summary>
public sealed record SavedSearchInput(string? Name, string? Query);

/// <summary>
/// Checks a search to save: its query and its name short enough to keep. The problems are the form's as a whole (the
/// query is not a box on the page), so they name no field; how many searches the person keeps already is counted by the page.
/// </summary>
public sealed class SavedSearchInputValidator : AbstractValidator<SavedSearchInput>
{
    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static SavedSearchInputValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public SavedSearchInputValidator()
    {
        FormRule(i => QueryFits(i.Query), "This search is too long to save. Shorten the search text or choose fewer filters");
        FormRule(i => (i.Name ?? "").Trim().Length <= SavedSearch.MaxNameLength, $"Enter a name of {SavedSearch.MaxNameLength} characters or fewer");
    }

    // A query string far too long is refused before it is parsed; one that may fit is kept only if its normal form does.
    private static bool QueryFits(string? query) =>
        (query ?? "").Length <= SavedSearch.MaxQueryLength * 2 && SavedSearchQuery.Normalise(query).Length <= SavedSearch.MaxQueryLength;

    // A problem with no field: the error summary lists it without a link.
    private void FormRule(Func<SavedSearchInput, bool> passes, string message) =>
        RuleFor(i => i).Custom((input, context) =>
        {
            if (!passes(input))
            {
                context.AddFailure(new ValidationFailure("", message));
            }
        });
}
