using Accreditation.Core.Forms;
using Accreditation.Research.Pages.Research;
using Accreditation.Research.SavedSearches;

namespace Accreditation.Research.Tests;

/// <summary>The checks of a search someone saves: problems of the form as a whole, listed without a field, in the page's words.</summary>
public sealed class SavedSearchInputValidatorTests
{
    private const string TooLong = "This search is too long to save. Shorten the search text or choose fewer filters";

    private static List<FormError> Check(string? name, string? query) =>
        SavedSearchInputValidator.Instance.Validate(new SavedSearchInput(name, query)).ToFormErrors();

    [Fact]
    public void A_named_or_unnamed_search_that_fits_passes()
    {
        Assert.Empty(Check("Neglect reviews", "q=neglect&type=Review"));
        Assert.Empty(Check(null, null));
        Assert.Empty(Check("  " + new string('n', 200) + "  ", "q=neglect"));
    }

    [Fact]
    public void A_query_whose_normal_form_fits_passes_though_it_was_sent_longer()
    {
        // The page number and unknown keys are not kept, so they do not count.
        var query = "q=neglect&page=2&other=" + new string('x', SavedSearch.MaxQueryLength);
        Assert.Empty(Check(null, query));
    }

    [Fact]
    public void A_query_too_long_to_keep_is_named_without_a_field()
    {
        Assert.Equal([new FormError("", TooLong)], Check(null, "q=" + new string('q', SavedSearch.MaxQueryLength)));
        Assert.Equal([new FormError("", TooLong)], Check(null, "page=2&other=" + new string('x', SavedSearch.MaxQueryLength * 2)));
    }

    [Fact]
    public void A_name_over_200_characters_is_named_after_the_query()
    {
        Assert.Equal([new FormError("", "Enter a name of 200 characters or fewer")], Check(new string('n', 201), "q=neglect"));
        Assert.Equal(
            [new FormError("", TooLong), new FormError("", "Enter a name of 200 characters or fewer")],
            Check(new string('n', 201), "q=" + new string('q', SavedSearch.MaxQueryLength)));
    }
}
