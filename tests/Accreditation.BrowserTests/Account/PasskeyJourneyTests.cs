using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Account;

/// <summary>
/// A candidate adds a passkey made by Chromium's virtual authenticator (DevTools protocol WebAuthn domain), signs out,
/// and signs in with the passkey alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_candidate_adds_a_passkey_and_signs_in_with_it()
    {
        const string email = "passkey.candidate@example.gov.uk";
        await site.Site.CreatePersonAsync(email, [Roles.Candidate], p => p.DisplayName = "Sam Rivers");
        await using var watch = await PageWatch.OpenAsync(site, output, site.LocalhostRoot);
        var page = watch.Page;
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("WebAuthn.enable");
        await devtools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });

        await watch.SignInAsync(email, Accreditation.Testing.People.Password);
        await watch.GotoAsync("/account/passkeys/add");
        await watch.CheckAsync("passkey-add");
        await page.GetByLabel("Name of the passkey").FillAsync("Work laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a passkey" }).ClickAsync();
        await page.WaitForURLAsync("**/account/passkeys");
        Assert.Contains("Work laptop", await page.Locator("#passkeys").InnerTextAsync(), StringComparison.Ordinal);
        await watch.CheckAsync("passkeys");

        var account = page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });
        await account.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await account.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).WaitForAsync();

        await watch.GotoAsync("/account/sign-in");
        await watch.CheckAsync("sign-in-with-passkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        await account.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        Assert.Contains(email, await page.Locator(".govuk-summary-list").InnerTextAsync(), StringComparison.Ordinal);
        await watch.CheckAsync("account-after-passkey");
    }
}
