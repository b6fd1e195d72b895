using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Identity.Federation;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.OpenIdConnect.Tests.Admin;

/// <summary>Platform admins configure an organisation's own identity provider; its secret is stored encrypted and never shown.</summary>
public sealed class SignInProviderAdminTests(ConnectSite site) : IClassFixture<ConnectSite>
{
    private static readonly Guid Westford = Guid.Parse("5d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e51");

    private async Task<Guid> OrganisationAsync()
    {
        await site.CreatePersonAsync($"someone.{Guid.NewGuid():N}@westford.example.gov.uk", [Roles.Candidate], p => p.OrganisationId = Westford);
        return Westford;
    }

    private Task<OrganisationSignInProvider?> StoredAsync(Guid organisation) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OrganisationSignInProvider>().AsNoTracking()
            .SingleOrDefaultAsync(p => p.OrganisationId == organisation));

    private Task<string> SecretAsync(OrganisationSignInProvider provider) =>
        site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<SignInProviders>().SecretOf(provider)));

    [Fact]
    public async Task An_admin_adds_a_provider_whose_secret_is_stored_encrypted_never_shown_kept_when_blank_and_replaced_when_given()
    {
        var organisation = await OrganisationAsync();
        var admin = site.CreateBrowser();
        await admin.SignInAsAdminAsync();
        var form = await admin.GetDocumentAsync("/admin/sign-in-providers/edit");
        Assert.Contains(form.QuerySelectorAll("#Organisation option"), o => o.GetAttribute("value") == organisation.ToString());

        var added = await admin.PostFormAsync("/admin/sign-in-providers/edit", new Dictionary<string, string>
        {
            ["Organisation"] = organisation.ToString(),
            ["DisplayName"] = "Westford Council",
            ["Authority"] = "https://login.westford.example.gov.uk/",
            ["ClientId"] = "accreditation",
            ["ClientSecret"] = "first-secret-0123456789",
            ["Enabled"] = "true",
        });

        Assert.Equal("/admin/sign-in-providers", added.Headers.Location?.OriginalString);
        var stored = await StoredAsync(organisation);
        Assert.NotNull(stored);
        Assert.DoesNotContain("first-secret", stored.ProtectedClientSecret, StringComparison.Ordinal);
        Assert.Equal("first-secret-0123456789", await SecretAsync(stored));
        var editUrl = $"/admin/sign-in-providers/edit/{organisation}";
        var edit = await admin.GetAsync(editUrl);
        Assert.DoesNotContain("first-secret", await edit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Sign in with Westford Council", (await site.CreateBrowser().GetDocumentAsync("/account/sign-in")).Body!.TextContent, StringComparison.Ordinal);

        // A change with the secret left blank keeps it.
        var kept = await admin.PostFormAsync(editUrl, new Dictionary<string, string>
        {
            ["Organisation"] = organisation.ToString(),
            ["DisplayName"] = "Westford Borough Council",
            ["Authority"] = "https://login.westford.example.gov.uk/",
            ["ClientId"] = "accreditation",
            ["ClientSecret"] = "",
            ["Enabled"] = "true",
            ["Version"] = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal("/admin/sign-in-providers", kept.Headers.Location?.OriginalString);
        stored = await StoredAsync(organisation);
        Assert.Equal("Westford Borough Council", stored!.DisplayName);
        Assert.Equal("first-secret-0123456789", await SecretAsync(stored));

        // A new secret replaces it.
        var replaced = await admin.PostFormAsync(editUrl, new Dictionary<string, string>
        {
            ["Organisation"] = organisation.ToString(),
            ["DisplayName"] = "Westford Borough Council",
            ["Authority"] = "https://login.westford.example.gov.uk/",
            ["ClientId"] = "accreditation",
            ["ClientSecret"] = "second-secret-9876543210",
            ["Enabled"] = "true",
            ["Version"] = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal("/admin/sign-in-providers", replaced.Headers.Location?.OriginalString);
        Assert.Equal("second-secret-9876543210", await SecretAsync((await StoredAsync(organisation))!));
        var audit = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.RecordId == organisation.ToString() && a.Action.StartsWith("sign-in-provider")).Select(a => a.Details).ToListAsync());
        Assert.True(audit.Count >= 3, string.Join(" | ", audit));
        Assert.All(audit, d => Assert.DoesNotContain("secret-", d ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_is_named_next_to_each_field_and_nothing_is_saved()
    {
        var admin = site.CreateBrowser();
        await admin.SignInAsAdminAsync();

        var response = await admin.PostFormAsync("/admin/sign-in-providers/edit", new Dictionary<string, string>
        {
            ["Organisation"] = "",
            ["DisplayName"] = "",
            ["Authority"] = "http://login.example.gov.uk/",
            ["ClientId"] = "",
            ["ClientSecret"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        foreach (var field in new[] { "Organisation", "DisplayName", "Authority", "ClientId", "ClientSecret" })
        {
            Assert.NotNull(page.QuerySelector($"#{field}-error"));
        }

        Assert.Contains("https address", page.QuerySelector("#Authority-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_without_the_permission_cannot_open_the_provider_pages()
    {
        const string email = "orgadmin@westford.example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.OrganisationAdmin], p => p.OrganisationId = Westford);
        var browser = site.CreateBrowser();
        await browser.SignInWithTwoFactorAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode); // signed in
        Assert.Equal("/account/access-denied", (await browser.GetAsync("/admin/sign-in-providers")).Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", (await browser.GetAsync("/admin/sign-in-providers/edit")).Headers.Location?.AbsolutePath);
    }
}
