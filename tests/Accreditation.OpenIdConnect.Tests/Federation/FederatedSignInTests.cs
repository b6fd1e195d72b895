using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Identity.Federation;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.OpenIdConnect.Tests.Federation;

/// <summary>
/// "Sign in with your authority": the platform (in the test server) sends the browser to an authority's identity provider
/// (a second OpenIddict server on a loopback Kestrel port), and its OpenIddict client redeems the code over real HTTP.
/// </summary>
public sealed class FederatedSignInTests(ConnectSite site) : IClassFixture<ConnectSite>, IAsyncLifetime
{
    private static readonly Guid Northshire = Guid.Parse("3c0f6a52-7f7e-4a61-8f0a-1d2e3f4a5b01");
    private static readonly Guid Southvale = Guid.Parse("3c0f6a52-7f7e-4a61-8f0a-1d2e3f4a5b02");
    private TestIdentityProvider provider = null!;

    public async Task InitializeAsync()
    {
        // The correlation cookie expires by the site's clock, and the test's cookie jar drops cookies that expired by the
        // real one: bring the site's clock up to now (it only moves forward).
        if (site.Clock.GetUtcNow() < DateTimeOffset.UtcNow)
        {
            site.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        }

        provider = await TestIdentityProvider.StartAsync(new Uri(ConnectSite.Address, "connect/federated/callback"), site.Clock);
        var problems = await site.WithScopeAsync(sp => sp.GetRequiredService<SignInProviders>().SaveAsync(
            new SignInProviderInput(Northshire, "Northshire County Council", provider.Issuer.AbsoluteUri, TestIdentityProvider.ClientId, TestIdentityProvider.ClientSecret, true),
            version: null));
        Assert.Empty(problems);
    }

    public async Task DisposeAsync() => await provider.DisposeAsync();

    /// <summary>Presses "Sign in with Northshire County Council", passes through the provider, and returns the platform's last answer.</summary>
    private async Task<HttpResponseMessage> SignInWithNorthshireAsync(HttpClient browser)
    {
        var page = await browser.GetDocumentAsync("/account/sign-in");
        var form = page.QuerySelectorAll("form").Single(f => f.TextContent.Contains("Sign in with Northshire County Council", StringComparison.Ordinal));
        var fields = form.QuerySelectorAll("input").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        var toProvider = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, toProvider.StatusCode);
        Assert.StartsWith(provider.Issuer.AbsoluteUri, toProvider.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        using var atProvider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await atProvider.GetAsync(toProvider.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/connect/federated/callback", back.Headers.Location!.AbsolutePath);

        var answer = await browser.GetAsync(back.Headers.Location.PathAndQuery);
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{answer.StatusCode}: {string.Join(" | ", toProvider.Headers.TryGetValues("Set-Cookie", out var c) ? c : [])}");
        return answer;
    }

    [Fact]
    public async Task A_person_invited_by_their_authority_signs_in_with_its_account_and_is_linked()
    {
        var userId = await site.CreatePersonAsync("priya@northshire.example.gov.uk", [Core.Security.Roles.Candidate], p => p.OrganisationId = Northshire);
        provider.Person = ("northshire-subject-priya", "Priya@Northshire.example.gov.uk", true);
        var browser = site.CreateBrowser();

        await TrustSecondFactorAsync(true);
        provider.Amr = ["pwd", "mfa"];

        var answer = await SignInWithNorthshireAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/", answer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/change-password")).StatusCode); // signed in
        var logins = await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            return await users.GetLoginsAsync((await users.FindByIdAsync(userId))!);
        });
        var login = Assert.Single(logins);
        Assert.Equal("northshire-subject-priya", login.ProviderKey);

        // Next time the link is used, even if the provider's email for the person changed.
        provider.Person = ("northshire-subject-priya", "priya.shah@northshire.example.gov.uk", true);
        var second = await SignInWithNorthshireAsync(site.CreateBrowser());
        Assert.Equal("/", second.Headers.Location?.OriginalString);
    }

    private Task TrustSecondFactorAsync(bool trusted, string? acr = null) =>
        site.WithScopeAsync(async sp => Assert.Empty(await sp.GetRequiredService<SignInProviders>().SaveAsync(
            new SignInProviderInput(Northshire, "Northshire County Council", provider.Issuer.AbsoluteUri, TestIdentityProvider.ClientId, null, true, trusted, acr),
            version: null)));

    [Fact]
    public async Task A_trusted_authoritys_second_factor_counts_only_when_its_token_says_one_was_given()
    {
        const string email = "candidate@northshire.example.gov.uk";
        await site.CreatePersonAsync(email, [Core.Security.Roles.Candidate], p => p.OrganisationId = Northshire, twoFactor: false);
        provider.Person = ("northshire-subject-candidate", email, true);

        // Trusted, but the token names only a password: the candidate must still set up a second factor here.
        await TrustSecondFactorAsync(true);
        provider.Amr = ["pwd"];
        var passwordOnly = site.CreateBrowser();
        Assert.Equal("/", (await SignInWithNorthshireAsync(passwordOnly)).Headers.Location?.OriginalString);
        Assert.Equal("/account/two-factor/setup", (await passwordOnly.GetAsync("/account")).Headers.Location?.OriginalString);

        // Not trusted: a token saying mfa does not count.
        await TrustSecondFactorAsync(false);
        provider.Amr = ["pwd", "mfa"];
        var untrusted = site.CreateBrowser();
        Assert.Equal("/", (await SignInWithNorthshireAsync(untrusted)).Headers.Location?.OriginalString);
        Assert.Equal("/account/two-factor/setup", (await untrusted.GetAsync("/account")).Headers.Location?.OriginalString);

        // Trusted and the token says a hardware key was used: signed in with no second factor asked here.
        await TrustSecondFactorAsync(true);
        provider.Amr = ["hwk"];
        var trusted = site.CreateBrowser();
        Assert.Equal("/", (await SignInWithNorthshireAsync(trusted)).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await trusted.GetAsync("/account")).StatusCode);
        provider.Amr = [];
    }

    [Fact]
    public async Task A_person_with_two_factor_turned_on_still_gives_their_code_after_their_authority_signs_them_in()
    {
        await TrustSecondFactorAsync(false);
        provider.Amr = [];
        const string email = "assessor@northshire.example.gov.uk";
        await site.CreatePersonAsync(email, [Core.Security.Roles.Assessor], p => p.OrganisationId = Northshire);
        var key = await site.EnableTwoFactorAsync(email);
        provider.Person = ("northshire-subject-assessor", email, true);
        var browser = site.CreateBrowser();

        var answer = await SignInWithNorthshireAsync(browser);

        Assert.StartsWith(Testing.TwoFactor.SignInStepPath, answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in", (await browser.GetAsync("/account/change-password")).Headers.Location?.AbsolutePath); // not yet
        var wrong = await browser.PostFormAsync(answer.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode); // the form again, with the error
        Assert.Equal("/account/sign-in", (await browser.GetAsync("/account/change-password")).Headers.Location?.AbsolutePath);

        var right = await browser.PostFormAsync(answer.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = Testing.TwoFactor.CodeFor(key) });

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/change-password")).StatusCode); // signed in now
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_gives_a_page_saying_so_not_an_error()
    {
        var eastmoor = Guid.Parse("3c0f6a52-7f7e-4a61-8f0a-1d2e3f4a5b03");
        await site.CreatePersonAsync("someone@eastmoor.example.gov.uk", [Core.Security.Roles.Candidate], p => p.OrganisationId = eastmoor);
        var closedPort = Maildev.FreePort(); // nothing listens there
        var problems = await site.WithScopeAsync(sp => sp.GetRequiredService<SignInProviders>().SaveAsync(
            new SignInProviderInput(eastmoor, "Eastmoor Borough Council", $"http://127.0.0.1:{closedPort}/", "platform", "a-secret-of-some-length", true),
            version: null));
        Assert.Empty(problems);
        var browser = site.CreateBrowser();
        var page = await browser.GetDocumentAsync("/account/sign-in");
        var form = page.QuerySelectorAll("form").Single(f => f.TextContent.Contains("Sign in with Eastmoor Borough Council", StringComparison.Ordinal));
        var fields = form.QuerySelectorAll("input").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

        var answer = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.True(HttpStatusCode.Redirect == answer.StatusCode, await answer.Content.ReadAsStringAsync());
        Assert.StartsWith(FederatedSignIn.RefusedPath + "?reason=unreachable", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var told = await browser.GetDocumentAsync(answer.Headers.Location!.OriginalString);
        Assert.Equal("Sorry, Eastmoor Borough Council cannot be reached at the moment", told.QuerySelector("h1")?.TextContent.Trim());
    }

    [Fact]
    public async Task An_email_with_no_account_in_that_organisation_is_refused_with_a_clear_message_and_no_account_is_made()
    {
        // Tom has an account, but in another organisation: Northshire's provider cannot reach him.
        await site.CreatePersonAsync("tom@southvale.example.gov.uk", [Core.Security.Roles.Candidate], p => p.OrganisationId = Southvale);
        provider.Person = ("northshire-subject-tom", "tom@southvale.example.gov.uk", true);
        var browser = site.CreateBrowser();
        var usersBefore = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<UserManager<PlatformUser>>().Users.Count()));

        var answer = await SignInWithNorthshireAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var page = await browser.GetDocumentAsync(answer.Headers.Location!.OriginalString);
        Assert.Equal("You do not have an account with this service yet", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("Ask your organisation's administrator to invite you", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Northshire County Council", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in", (await browser.GetAsync("/account/change-password")).Headers.Location?.AbsolutePath); // not signed in
        Assert.Equal(usersBefore, await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<UserManager<PlatformUser>>().Users.Count())));
    }

    [Fact]
    public async Task An_email_the_provider_has_not_verified_is_refused()
    {
        await site.CreatePersonAsync("unverified@northshire.example.gov.uk", [Core.Security.Roles.Candidate], p => p.OrganisationId = Northshire);
        provider.Person = ("northshire-subject-unverified", "unverified@northshire.example.gov.uk", false);

        var answer = await SignInWithNorthshireAsync(site.CreateBrowser());

        Assert.StartsWith(FederatedSignIn.RefusedPath, answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
