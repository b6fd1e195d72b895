using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.IntegrationTests.PeopleAdmin;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.TwoFactorAuth;

/// <summary>
/// Two-factor authentication: required of everyone before they reach any page; a recovery code works once; a password
/// reset never skips it; nobody turns off their only second factor.
/// </summary>
public sealed class TwoFactorTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    private Task<Guid> BathAsync() => site.OrganisationAsync("E06000022", "Bath and North East Somerset", EnglishRegion.SouthWest);

    private Task<IReadOnlyList<string>> RecoveryCodesAsync(string email) => site.WithScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<PlatformUser>>();
        return (IReadOnlyList<string>)(await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(email))!, 10))!.ToList();
    });

    [Fact]
    public async Task An_assessor_without_two_factor_is_sent_to_set_it_up_from_every_page_until_they_do()
    {
        const string email = "assessor@bath.example.gov.uk";
        var bath = await BathAsync();
        await site.CreatePersonAsync(email, [Roles.Assessor], p => p.OrganisationId = bath, twoFactor: false);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal("/", (await client.SignInWithPasswordAsync(email, Testing.People.Password)).Headers.Location?.OriginalString);

        foreach (var url in new[] { "/", "/admin", "/account", "/frameworks", "/no-such-page" })
        {
            Assert.Equal(TwoFactorSetup, (await client.GetAsync(url)).Headers.Location?.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-out")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Accreditation.Theme/js/init.js")).StatusCode);

        var setup = await client.GetDocumentAsync(TwoFactorSetup);
        var key = setup.QuerySelector("#authenticator-key")!.TextContent;
        Assert.StartsWith("otpauth://totp/", setup.QuerySelector("#authenticator-uri")?.TextContent, StringComparison.Ordinal);
        var wrong = await client.PostFormAsync(TwoFactorSetup, new Dictionary<string, string> { ["Code"] = "000000" == Testing.TwoFactor.CodeFor(key) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The code is not correct", (await wrong.ReadPageAsync()).QuerySelector("#Code-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(TwoFactorSetup, (await client.GetAsync("/")).Headers.Location?.OriginalString);

        var right = await client.PostFormAsync(TwoFactorSetup, new Dictionary<string, string> { ["Code"] = Testing.TwoFactor.CodeFor(key) });

        Assert.Equal("/account/two-factor/recovery-codes", right.Headers.Location?.OriginalString);
        Assert.Equal(10, (await client.GetDocumentAsync("/account/two-factor/recovery-codes")).QuerySelectorAll("#recovery-codes li").Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/admin")).StatusCode); // no admin pages for an assessor, but no longer the set-up page
        var person = await site.FindAsync(email);
        Assert.True(person!.TwoFactorEnabled);
        Assert.Single(await site.AuditAsync("account.two-factor-enabled", person.Id));
    }

    [Fact]
    public async Task An_organisation_admin_reaches_admin_pages_only_after_giving_the_code_from_their_app()
    {
        const string email = "la-admin@bath.example.gov.uk";
        await site.PersonAsync(email, await BathAsync(), Roles.OrganisationAdmin);
        var key = await site.EnableTwoFactorAsync(email);
        var client = site.CreateBrowserLikeClient();

        var password = await client.SignInWithPasswordAsync(email, Testing.People.Password);
        Assert.Equal(Testing.TwoFactor.SignInStepPath, password.Headers.Location?.OriginalString);
        Assert.Equal("/account/sign-in", (await client.GetAsync("/admin/people")).Headers.Location?.AbsolutePath); // not signed in yet

        var wrong = await client.PostFormAsync(Testing.TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = "12345" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The code is not correct", (await wrong.ReadPageAsync()).QuerySelector("#Code-error")?.TextContent, StringComparison.Ordinal);

        var right = await client.PostFormAsync(Testing.TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = Testing.TwoFactor.CodeFor(key) });

        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/people")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_never_again()
    {
        const string email = "publisher@bath.example.gov.uk";
        var id = await site.PersonAsync(email, await BathAsync(), Roles.Publisher);
        await site.EnableTwoFactorAsync(email);
        var code = (await RecoveryCodesAsync(email))[0];
        var step = Testing.TwoFactor.SignInStepPath + "?UseRecoveryCode=true";

        var first = site.CreateBrowserLikeClient();
        await first.SignInWithPasswordAsync(email, Testing.People.Password);
        var used = await first.PostFormAsync(step, new Dictionary<string, string> { ["Code"] = code, ["UseRecoveryCode"] = "true" });
        var second = site.CreateBrowserLikeClient();
        await second.SignInWithPasswordAsync(email, Testing.People.Password);
        var reused = await second.PostFormAsync(step, new Dictionary<string, string> { ["Code"] = code, ["UseRecoveryCode"] = "true" });

        Assert.Equal("/", used.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Contains("has been used already", (await reused.ReadPageAsync()).QuerySelector("#Code-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in", (await second.GetAsync("/account")).Headers.Location?.AbsolutePath);
        Assert.Equal("9 recovery codes left", Assert.Single(await site.AuditAsync("account.recovery-code-used", id)).Details);
    }

    [Fact]
    public async Task A_password_reset_never_skips_two_factor()
    {
        const string email = "lead@bath.example.gov.uk";
        const string newPassword = "granite orchard swallow 5";
        await site.PersonAsync(email, await BathAsync(), Roles.LeadAssessor);
        var key = await site.EnableTwoFactorAsync(email);
        var client = site.CreateBrowserLikeClient();

        var asked = await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });
        var unknown = await site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = "nobody@bath.example.gov.uk" });

        Assert.Equal("Check your email", (await asked.ReadPageAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal("Check your email", (await unknown.ReadPageAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Empty(await site.EmailsToAsync("nobody@bath.example.gov.uk"));
        var resetEmail = (await site.EmailsToAsync(email)).Last(); // through the outbox, with a link on the configured address
        Assert.Equal("Reset your password", resetEmail.Subject);
        Assert.StartsWith("https://accreditation.example.gov.uk/account/reset-password?", resetEmail.Link, StringComparison.Ordinal);
        var link = new Uri(resetEmail.Link!).PathAndQuery;

        var reset = await client.PostFormAsync(link, new Dictionary<string, string> { ["NewPassword"] = newPassword, ["ConfirmPassword"] = newPassword });
        Assert.Equal("/account/reset-password/done", reset.Headers.Location?.OriginalString);
        Assert.Equal("/account/sign-in", (await client.GetAsync("/account")).Headers.Location?.AbsolutePath); // the reset signs no one in
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(link)).StatusCode); // the link works once

        var signIn = await client.SignInWithPasswordAsync(email, newPassword);
        Assert.Equal(Testing.TwoFactor.SignInStepPath, signIn.Headers.Location?.OriginalString);
        Assert.Equal("/account/sign-in", (await client.GetAsync("/account")).Headers.Location?.AbsolutePath);
        var code = await client.PostFormAsync(Testing.TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = Testing.TwoFactor.CodeFor(key) });
        Assert.Equal("/", code.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Nobody_may_turn_off_their_only_second_factor()
    {
        const string assessor = "second-assessor@bath.example.gov.uk";
        await site.PersonAsync(assessor, await BathAsync(), Roles.Assessor);

        var assessorClient = await site.SignedInAsync(assessor);
        var refused = await assessorClient.PostFormAsync("/account/two-factor", new Dictionary<string, string>(), "/account/two-factor?handler=TurnOff");

        Assert.Equal("/account/access-denied", refused.Headers.Location?.AbsolutePath);
        Assert.True((await site.FindAsync(assessor))!.TwoFactorEnabled);
    }

    private const string TwoFactorSetup = "/account/two-factor/setup";
}
