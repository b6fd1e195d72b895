using Accreditation.Core.Forms;
using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Menus;

namespace Accreditation.Publishing.Tests;

/// <summary>The menu link form's checks, in the editor's words and the order the form shows them.</summary>
public sealed class MenuLinkDraftValidatorTests
{
    private static readonly Guid Page = Guid.NewGuid();

    private static List<FormError> Check(MenuLinkDraft draft) => new MenuLinkDraftValidator(new HashSet<Guid> { Page }).Validate(draft).ToFormErrors();

    [Fact]
    public void A_link_to_a_page_or_an_address_passes()
    {
        Assert.Empty(Check(new MenuLinkDraft(SiteMenuNames.Main, "About", Page, null, AudienceKind.Public, null)));
        Assert.Empty(Check(new MenuLinkDraft(SiteMenuNames.Footer, "Guidance", null, "https://www.gov.uk/guidance", AudienceKind.Roles, [Roles.Assessor])));
    }

    [Fact]
    public void An_empty_link_names_each_missing_field_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("Menu", "Select a menu"),
                new FormError("Label", "Enter the words of the link"),
                new FormError("Address", "Select a page or enter an address"),
                new FormError("Roles", "Select at least one role"),
            ],
            Check(new MenuLinkDraft("sidebar", " ", null, "", AudienceKind.Roles, [])));
    }

    [Fact]
    public void Words_or_an_address_too_long_are_refused()
    {
        Assert.Equal(
            [
                new FormError("Label", "The words must be 60 characters or fewer"),
                new FormError("Address", "The address must be 500 characters or fewer"),
            ],
            Check(new MenuLinkDraft(SiteMenuNames.Main, new string('w', PublishingModel.MenuLabelLength + 1), null, "/" + new string('a', 500), AudienceKind.Public, null)));
    }

    [Fact]
    public void A_page_not_on_the_site_an_unsafe_address_or_an_organisation_audience_is_refused()
    {
        Assert.Equal(
            [new FormError("PageId", "Select a page from the list"), new FormError("Audience", "Select who sees the link")],
            Check(new MenuLinkDraft(SiteMenuNames.Main, "About", Guid.NewGuid(), null, AudienceKind.Organisations, null)));

        var error = Assert.Single(Check(new MenuLinkDraft(SiteMenuNames.Main, "Click", null, "javascript:alert(1)", AudienceKind.Public, null)));
        Assert.Equal("Address", error.Field);
        Assert.StartsWith("Links starting with javascript: are not allowed.", error.Message, StringComparison.Ordinal);
    }
}
