using Accreditation.Core.Forms;
using Accreditation.Research.Library;
using Accreditation.Research.Pages.Admin.Research.Items;

namespace Accreditation.Research.Tests;

/// <summary>The library item form's checks, in the editor's words and the order the form shows them.</summary>
public sealed class ItemFormValidatorTests
{
    private static List<FormError> Check(EditModel.ItemForm form) => new ItemFormValidator().Validate(form).ToFormErrors();

    private static EditModel.ItemForm Valid() => new()
    {
        Title = "Supervision in child protection",
        Authors = "Sam Patel",
        Year = "2019",
        Source = "Child & Family Social Work",
        Abstract = "What supervision does.",
        FullText = "See [the review](https://www.example.org/review).",
        Link = "https://www.example.org/review",
        Doi = "10.1111/cfs.12345",
    };

    [Fact]
    public void A_complete_item_passes_and_so_does_one_with_only_a_title()
    {
        Assert.Empty(Check(Valid()));
        Assert.Empty(Check(new EditModel.ItemForm { Title = "Supervision" }));
    }

    [Fact]
    public void An_item_with_every_field_wrong_names_each_in_form_order()
    {
        var form = new EditModel.ItemForm
        {
            Title = " ",
            Year = "19",
            Link = "javascript:alert(1)",
            Doi = "cfs.12345",
            Type = (ResearchItemType)99,
            Access = (ResearchAccess)99,
            Authors = new string('a', 2001),
            Source = new string('s', 501),
            Abstract = new string('b', 20001),
        };

        Assert.Equal(
            ["Title", "Year", "Link", "Doi", "Type", "Access", "Authors", "Source", "Abstract"],
            Check(form).Select(e => e.Field));
        Assert.Equal(
            [
                new FormError("Title", "Enter a title"),
                new FormError("Year", "Enter the year as 4 digits between 1900 and 2100, like 2019"),
                new FormError("Doi", "Enter a DOI like 10.1111/cfs.12345"),
                new FormError("Type", "Select the type of item"),
                new FormError("Access", "Select who can see the item"),
                new FormError("Authors", "This must be 2000 characters or fewer"),
                new FormError("Source", "This must be 500 characters or fewer"),
                new FormError("Abstract", "This must be 20000 characters or fewer"),
            ],
            Check(form).Where(e => e.Field != "Link"));
    }

    [Fact]
    public void A_title_longer_than_500_characters_is_refused()
    {
        var form = Valid();
        form.Title = new string('t', 501);
        Assert.Equal([new FormError("Title", "Title must be 500 characters or fewer")], Check(form));
        form.Title = $" {new string('t', 500)} ";
        Assert.Empty(Check(form));
    }

    [Theory]
    [InlineData("1899")]
    [InlineData("2101")]
    [InlineData("twenty")]
    public void A_year_outside_1900_to_2100_is_refused(string year)
    {
        var form = Valid();
        form.Year = year;
        Assert.Equal([new FormError("Year", "Enter the year as 4 digits between 1900 and 2100, like 2019")], Check(form));
        Assert.Null(ItemFormValidator.Year(year));
        Assert.Equal(2019, ItemFormValidator.Year(" 2019 "));
    }

    [Fact]
    public void Unsafe_links_in_the_link_or_the_full_text_are_refused()
    {
        var form = Valid();
        form.Link = "javascript:alert(1)";
        form.FullText = "See [this](javascript:alert(1)).";
        var errors = Check(form);
        Assert.Equal(["Link", "FullText"], errors.Select(e => e.Field));
        Assert.Contains("javascript:", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("The full text links to 'javascript:alert(1)'.", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.1111")]
    [InlineData("11.1111/cfs.12345")]
    public void A_doi_that_is_not_10_something_slash_something_is_refused(string doi)
    {
        var form = Valid();
        form.Doi = doi;
        Assert.Equal([new FormError("Doi", "Enter a DOI like 10.1111/cfs.12345")], Check(form));
        form.Doi = "https://doi.org/10.1111/cfs.12345";
        Assert.Empty(Check(form));
    }
}
