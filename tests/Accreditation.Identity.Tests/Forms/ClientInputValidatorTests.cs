using Accreditation.Core.Forms;
using Accreditation.Identity.Clients;
using Accreditation.Identity.OpenIdConnect;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Tests.Forms;

/// <summary>The client application form's checks (the admin page's and the recipe's), in the admin's words.</summary>
public sealed class ClientInputValidatorTests
{
    private static readonly Guid Organisation = Guid.NewGuid();

    private static List<FormError> Check(ClientInput input) => ClientInputValidator.Instance.Validate(input).ToFormErrors();

    private static ClientInput Web() => new(
        "leeds-portal", "Leeds practice portal", ClientTypes.Confidential, false, ["https://portal.leeds.gov.uk/signin-oidc"], [],
        [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken], [Scopes.OpenId, ConnectScopes.AccreditationRead], null);

    [Fact]
    public void A_web_client_and_a_machine_client_pass()
    {
        Assert.Empty(Check(Web()));
        Assert.Empty(Check(new ClientInput("camden-hr", "Camden HR", ClientTypes.Confidential, false, [], [], [GrantTypes.ClientCredentials], [ConnectScopes.CpdRead], Organisation)));
    }

    [Fact]
    public void An_empty_client_names_each_missing_field_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("ClientId", "Enter a client ID of 3 to 100 lower-case letters, digits, dots, hyphens or underscores"),
                new FormError("DisplayName", "Enter a name of at most 200 characters"),
                new FormError("ClientType", "Select whether the client is confidential or public"),
                new FormError("Flows", "Select at least one flow"),
            ],
            Check(new ClientInput("", " ", "", false, [], [], [], [], null)));
    }

    [Fact]
    public void Values_too_long_are_refused()
    {
        Assert.Equal(
            ["ClientId", "DisplayName"],
            Check(Web() with { ClientId = new string('a', 101), DisplayName = new string('n', 201) }).Select(e => e.Field));
    }

    [Fact]
    public void Flows_scopes_and_addresses_in_the_wrong_form_are_refused_quoting_what_was_sent()
    {
        Assert.Equal(
            [
                new FormError("ClientId", "Enter a client ID of 3 to 100 lower-case letters, digits, dots, hyphens or underscores"),
                new FormError("Flows", "Unknown flow 'password{0}'"),
                new FormError("Flows", "A public client cannot use client credentials: it cannot keep a secret"),
                new FormError("Flows", "Refresh tokens are only issued with the authorization code flow"),
                new FormError("OrganisationId", "Select the organisation a client-credentials client acts for"),
                new FormError("Scopes", "Unknown scope 'admin'"),
                new FormError("Scopes", "openid, profile and email are about a person: they need the authorization code flow"),
                new FormError("RedirectUris", "Redirect URI http://portal.example.gov.uk/cb: use https (http only for loopback addresses such as http://127.0.0.1)"),
                new FormError("PostLogoutRedirectUris", "Post-logout redirect URI https://portal.example.gov.uk/#out: a redirect URI cannot have a fragment (#...)"),
            ],
            Check(new ClientInput(
                "Leeds Portal", "Leeds", ClientTypes.Public, false, ["http://portal.example.gov.uk/cb"], ["https://portal.example.gov.uk/#out"],
                ["password{0}", GrantTypes.ClientCredentials, GrantTypes.RefreshToken], ["admin", Scopes.Email], null)));
        Assert.Equal(
            [new FormError("RedirectUris", "Enter at least one redirect URI for the authorization code flow")],
            Check(Web() with { RedirectUris = [] }));
        Assert.Equal([new FormError("OrganisationId", "Select an organisation")], Check(Web() with { OrganisationId = Guid.Empty }));
    }
}
