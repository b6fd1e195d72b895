using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;

namespace Accreditation.OpenIdConnect.Tests.Admin;

/// <summary>Platform admins register client applications; secrets are shown once and stored hashed; every change is audited.</summary>
public sealed class ClientAdminTests(ConnectSite site) : IClassFixture<ConnectSite>
{
    private static Dictionary<string, string> Form(string clientId, string redirect) => new()
    {
        ["Client.ClientId"] = clientId,
        ["Client.DisplayName"] = "Northshire case system",
        ["Client.ClientType"] = "confidential",
        ["Client.Flows"] = "authorization_code",
        ["Client.Scopes"] = "openid",
        ["Client.RedirectUris"] = redirect,
    };

    [Fact]
    public async Task An_admin_registers_a_client_and_sees_its_secret_once_while_only_a_hash_is_stored()
    {
        var browser = site.CreateBrowser();
        await browser.SignInAsAdminAsync();

        var response = await browser.PostFormAsync("/admin/clients/new", Form("northshire-case", "https://case.northshire.example.gov.uk/signin-oidc"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        var secret = page.QuerySelector("#client-secret")?.TextContent;
        Assert.False(string.IsNullOrEmpty(secret));
        Assert.True(secret!.Length >= 40);

        var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>()
            .Set<OpenIddictEntityFrameworkCoreApplication>().SingleAsync(a => a.ClientId == "northshire-case"));
        Assert.NotNull(stored.ClientSecret);
        Assert.DoesNotContain(secret, stored.ClientSecret!, StringComparison.Ordinal);
        Assert.True(await site.WithScopeAsync(async sp =>
        {
            var manager = sp.GetRequiredService<IOpenIddictApplicationManager>();
            return await manager.ValidateClientSecretAsync((await manager.FindByClientIdAsync("northshire-case"))!, secret);
        }));

        var edit = await browser.GetAsync("/admin/clients/northshire-case");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.DoesNotContain(secret, await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .AnyAsync(a => a.Action == "client.created" && a.RecordId == "northshire-case" && a.UserName == PlatformFactory.AdminEmail)));
    }

    [Fact]
    public async Task A_new_secret_is_shown_once_and_the_old_one_stops_working_at_the_token_endpoint()
    {
        var organisation = Guid.Parse("6a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c81");
        await site.CreatePersonAsync("someone@eastford.example.gov.uk", [Core.Security.Roles.Candidate], p => p.OrganisationId = organisation);
        var oldSecret = await site.RegisterClientAsync(ConnectSite.System("eastford-reports", organisation, "accreditation.read"));
        var oldClient = new OidcClient(site.CreateSystemClient(), "eastford-reports", oldSecret, "https://unused.example/");
        await oldClient.DiscoverAsync();
        Assert.Equal(HttpStatusCode.OK, (await oldClient.ClientCredentialsAsync("accreditation.read")).Status);
        var browser = site.CreateBrowser();
        await browser.SignInAsAdminAsync();

        var response = await browser.PostFormAsync("/admin/clients/eastford-reports", new Dictionary<string, string>(), "/admin/clients/eastford-reports?handler=Secret");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var newSecret = Pages.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("#client-secret")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(newSecret));
        Assert.NotEqual(oldSecret, newSecret);
        Assert.DoesNotContain(newSecret!, await (await browser.GetAsync("/admin/clients/eastford-reports")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("invalid_client", (await oldClient.ClientCredentialsAsync("accreditation.read")).Error);
        var newClient = new OidcClient(site.CreateSystemClient(), "eastford-reports", newSecret, "https://unused.example/");
        await newClient.DiscoverAsync();
        Assert.Equal(HttpStatusCode.OK, (await newClient.ClientCredentialsAsync("accreditation.read")).Status);
    }

    [Fact]
    public async Task A_redirect_uri_over_plain_http_is_refused_next_to_its_field()
    {
        var browser = site.CreateBrowser();
        await browser.SignInAsAdminAsync();

        var response = await browser.PostFormAsync("/admin/clients/new", Form("insecure-client", "http://case.example.gov.uk/signin-oidc"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("use https", page.QuerySelector("#Client_RedirectUris-error")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#Client_RedirectUris']"));
        Assert.Null(await site.WithScopeAsync(sp => sp.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync("insecure-client").AsTask()));
    }

    [Fact]
    public async Task A_systems_organisation_is_chosen_by_name_from_a_list_never_typed_as_an_id()
    {
        var organisation = Guid.NewGuid();
        await site.WithScopeAsync(sp => People.EnsureOrganisationAsync(sp, organisation));
        var browser = site.CreateBrowser();
        await browser.SignInAsAdminAsync();

        var form = await browser.GetDocumentAsync("/admin/clients/new");
        var select = form.QuerySelector("select#Client_OrganisationId")!;
        Assert.Null(form.QuerySelector("input[name='Client.OrganisationId']"));
        var option = select.QuerySelector($"option[value='{organisation}']")!;
        Assert.StartsWith("Test organisation", option.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Organisation (for client credentials)", form.QuerySelector("label[for=Client_OrganisationId]")!.TextContent.Trim());

        var fields = Form("chosen-org-system", "https://case.example.gov.uk/signin-oidc");
        fields["Client.Flows"] = "client_credentials";
        fields["Client.Scopes"] = "accreditation.read";
        fields["Client.RedirectUris"] = "";
        fields["Client.OrganisationId"] = Guid.NewGuid().ToString(); // not in the list: only a forged form sends it
        var forged = Pages.Parse(await (await browser.PostFormAsync("/admin/clients/new", fields)).Content.ReadAsStringAsync());
        Assert.Contains("Select the organisation from the list", forged.QuerySelector("#Client_OrganisationId-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null(await site.WithScopeAsync(sp => sp.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync("chosen-org-system").AsTask()));

        fields["Client.OrganisationId"] = organisation.ToString();
        var created = Pages.Parse(await (await browser.PostFormAsync("/admin/clients/new", fields)).Content.ReadAsStringAsync());
        Assert.Equal("chosen-org-system", created.QuerySelector("#client-id")?.TextContent.Trim());
        var edit = await browser.GetDocumentAsync("/admin/clients/chosen-org-system");
        Assert.True(edit.QuerySelector($"select#Client_OrganisationId option[value='{organisation}']")!.HasAttribute("selected"));
    }

    [Fact]
    public async Task A_person_without_the_permission_cannot_open_the_client_pages()
    {
        await site.CreatePersonAsync("candidate-admin-pages@example.gov.uk", [Core.Security.Roles.Candidate]);
        var browser = site.CreateBrowser();
        await browser.SignInAsync("candidate-admin-pages@example.gov.uk", People.Password);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/clients")).StatusCode);
        Assert.Equal("/account/access-denied", (await browser.GetAsync("/admin/clients/new")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task The_openid_clients_recipe_step_registers_a_client_with_the_secret_from_a_variable_once()
    {
        const string recipe = """
            {
              "name": "clients",
              "variables": { "crmSecret": "placeholder" },
              "steps": [
                {
                  "name": "openid-clients",
                  "clients": [
                    {
                      "clientId": "southvale-crm",
                      "displayName": "Southvale CRM",
                      "type": "confidential",
                      "flows": ["client_credentials"],
                      "scopes": ["accreditation.read"],
                      "organisationId": "8e1d7f7e-1111-4a2b-9c3d-000000000001",
                      "secret": "{{crmSecret}}"
                    }
                  ]
                }
              ]
            }
            """;
        var overrides = new Dictionary<string, string> { ["crmSecret"] = "a secret given on the command line, long enough" };

        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(recipe, overrides));
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(recipe, overrides));

        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        var client = new OidcClient(site.CreateSystemClient(), "southvale-crm", overrides["crmSecret"], "");
        await client.DiscoverAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.ClientCredentialsAsync("accreditation.read")).Status);
        Assert.Equal(1, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.CountAsync(a => a.Action == "client.created" && a.RecordId == "southvale-crm")));
    }

    [Fact]
    public async Task The_openid_clients_recipe_step_refuses_a_confidential_client_without_a_secret()
    {
        const string recipe = """
            { "name": "bad-clients", "steps": [ { "name": "openid-clients", "clients": [
              { "clientId": "no-secret", "displayName": "No secret", "type": "confidential", "flows": ["client_credentials"],
                "scopes": ["cpd.read"], "organisationId": "8e1d7f7e-1111-4a2b-9c3d-000000000002" } ] } ] }
            """;

        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(recipe));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.steps[0].clients[0].secret", error.Path);
    }
}
