using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Web.Pages.Admin;

namespace Accreditation.IntegrationTests.Admin;

/// <summary>The settings form's checks, in the admin's words, for a required name and an optional feedback address.</summary>
public sealed class SettingsValidatorTests
{
    private static readonly SettingsModel.Field[] Fields =
    [
        new("Site:Name", "Service name", "", 10, true),
        new(SiteSettings.FeedbackUrlKey, "Feedback address", "", 50, false),
    ];

    private static List<FormError> Check(params string?[] values) =>
        new SettingsValidator(Fields).Validate(new SettingsInput(values)).ToFormErrors();

    [Fact]
    public void Values_that_fit_their_fields_pass()
    {
        Assert.Empty(Check("  Accredit ", null));
        Assert.Empty(Check("Accredit", "https://example.gov.uk/feedback"));
        Assert.Empty(Check("Accredit", "mailto:help@example.gov.uk"));
        Assert.Empty(Check("Accredit", "/feedback"));
    }

    [Fact]
    public void A_required_field_left_empty_is_named()
    {
        Assert.Equal([new FormError("Values[0]", "Enter the service name")], Check("   ", ""));
    }

    [Fact]
    public void A_value_too_long_is_named_after_trimming()
    {
        Assert.Equal([new FormError("Values[0]", "Service name must be 10 characters or fewer")], Check("Accreditation", ""));
        Assert.Empty(Check("  Accredited  ", ""));
    }

    [Fact]
    public void A_line_break_or_control_character_is_named()
    {
        Assert.Equal([new FormError("Values[0]", "Service name must not contain line breaks or control characters")], Check("Acc\nredit", ""));
    }

    [Fact]
    public void A_feedback_address_of_the_wrong_form_is_named()
    {
        Assert.Equal(
            [new FormError("Values[1]", "Enter the feedback address as a web address starting https://, a mailto: address or a path starting /")],
            Check("Accredit", "javascript:alert(1)"));
    }

    [Fact]
    public void Each_field_shows_its_first_problem_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("Values[0]", "Enter the service name"),
                new FormError("Values[1]", "Feedback address must be 50 characters or fewer"),
            ],
            Check("", "https://example.gov.uk/" + new string('a', 60)));
    }
}
