using Accreditation.Core.Forms;
using Accreditation.Identity.Federation;

namespace Accreditation.Identity.Tests.Forms;

/// <summary>The sign-in provider form's checks, in the admin's words and the order the form shows them.</summary>
public sealed class SignInProviderInputValidatorTests
{
    private static List<FormError> Check(SignInProviderInput input, bool creating = true) =>
        new SignInProviderInputValidator(creating).Validate(input).ToFormErrors();

    private static SignInProviderInput Valid() =>
        new(Guid.NewGuid(), "Leeds City Council", "https://login.leeds.gov.uk/", "accreditation", "a-long-secret", Enabled: true, TrustedAcrValues: "mfa");

    [Fact]
    public void A_provider_with_https_or_a_loopback_issuer_passes()
    {
        Assert.Empty(Check(Valid()));
        Assert.Empty(Check(Valid() with { Authority = "http://127.0.0.1:5001/" }));
    }

    [Fact]
    public void An_empty_form_names_every_field_and_a_change_keeps_the_stored_secret()
    {
        var empty = new SignInProviderInput(Guid.Empty, " ", "", "", null, Enabled: false);

        Assert.Equal(
            [
                new FormError("OrganisationId", "Choose the organisation whose people will use this provider"),
                new FormError("DisplayName", "Enter the name people know their organisation by, at most 200 characters"),
                new FormError("Authority", "Enter the provider's issuer as an https address, like https://login.example.gov.uk/"),
                new FormError("ClientId", "Enter the client ID the provider gave this service"),
                new FormError("ClientSecret", "Enter the client secret the provider gave this service"),
            ],
            Check(empty));
        Assert.DoesNotContain(Check(empty, creating: false), e => e.Field == "ClientSecret");
    }

    [Fact]
    public void Values_too_long_are_refused()
    {
        Assert.Equal(
            ["DisplayName", "ClientId", "TrustedAcrValues"],
            Check(Valid() with { DisplayName = new string('n', 201), ClientId = new string('c', 201), TrustedAcrValues = new string('a', 501) }).Select(e => e.Field));
    }

    [Theory]
    [InlineData("http://login.leeds.gov.uk/")]
    [InlineData("https://login.leeds.gov.uk/?tenant=1")]
    [InlineData("https://login.leeds.gov.uk/#top")]
    [InlineData("login.leeds.gov.uk")]
    public void An_issuer_that_is_not_a_plain_https_address_is_refused(string authority)
    {
        Assert.Equal(
            [new FormError("Authority", "Enter the provider's issuer as an https address, like https://login.example.gov.uk/")],
            Check(Valid() with { Authority = authority }));
    }
}
