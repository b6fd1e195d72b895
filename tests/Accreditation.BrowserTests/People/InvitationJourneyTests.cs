using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Identity.Organisations;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.People;

/// <summary>
/// An admin invites an assessor; the assessor accepts from the link emailed to them, sets up two-factor
/// authentication with the key the page shows, signs out, and signs in again with password and code.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InvitationJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    private const string AssessorEmail = "priya.assessor@sheffield.example.gov.uk";
    private const string AssessorPassword = "lantern heather quarry 8";

    [Fact]
    public async Task An_invited_assessor_accepts_sets_up_two_factor_and_signs_in_with_password_and_code()
    {
        await site.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            if (!await db.Set<Organisation>().AnyAsync(o => o.Code == "E08000019"))
            {
                db.Add(new Organisation { Id = Guid.NewGuid(), Code = "E08000019", Name = "Sheffield", Kind = OrganisationKind.LocalAuthority, Region = EnglishRegion.YorkshireAndTheHumber });
                await db.SaveChangesAsync();
            }
        });
        var adminKey = await site.Site.EnableTwoFactorAsync(PlatformFactory.AdminEmail);

        // The admin invites the assessor.
        string link;
        await using (var admin = await PageWatch.OpenAsync(site, output))
        {
            var page = admin.Page;
            await admin.GotoAsync("/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(PlatformFactory.AdminEmail);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PlatformFactory.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync("**/account/sign-in/two-factor**");
            await page.GetByLabel("Code").FillAsync(TwoFactor.CodeFor(adminKey));
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Sign out" }).WaitForAsync();

            await admin.GotoAsync("/admin/people");
            await admin.CheckAsync("people");
            await page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/people/invite");
            await admin.CheckAsync("people-invite");

            // Nothing chosen: each problem is named next to its field.
            await page.GetByLabel("Candidate").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await page.Locator(".govuk-error-summary").WaitForAsync();
            Assert.Contains("Select at least one role", await page.Locator("#Roles-error").InnerTextAsync(), StringComparison.Ordinal);
            await admin.CheckAsync("people-invite-errors");

            await page.GetByLabel("Email address").FillAsync(AssessorEmail);
            await page.GetByLabel("Organisation", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sheffield" });
            await page.GetByLabel("Assessor", new() { Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/people/invited");
            await admin.CheckAsync("people-invited");
            await page.GetByText("We have emailed them a link").WaitForAsync();
            link = Assert.Single(await site.Site.EmailsToAsync(AssessorEmail)).Link!;
        }

        // The assessor accepts, sets up two-factor authentication, and signs out.
        await using var assessor = await PageWatch.OpenAsync(site, output);
        var tab = assessor.Page;
        await assessor.GotoAsync(new Uri(link).PathAndQuery);
        await assessor.CheckAsync("invitation");
        await tab.GetByLabel("Your full name").FillAsync("Priya Shah");
        await tab.GetByLabel("Create a password").FillAsync(AssessorPassword);
        await tab.GetByLabel("Confirm your password").FillAsync(AssessorPassword);
        await tab.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await tab.WaitForURLAsync("**/account/two-factor/setup");
        await assessor.CheckAsync("two-factor-setup");

        var key = await tab.Locator("#authenticator-key").InnerTextAsync();
        await tab.GetByLabel("Code").FillAsync(TwoFactor.CodeFor(key));
        await tab.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await tab.WaitForURLAsync("**/account/two-factor/recovery-codes");
        Assert.Equal(10, await tab.Locator("#recovery-codes li").CountAsync());
        await assessor.CheckAsync("two-factor-recovery-codes");
        await tab.GetByRole(AriaRole.Button, new() { Name = "I have saved my recovery codes" }).ClickAsync();
        var menu = tab.GetByRole(AriaRole.Navigation, new() { Name = "Account" });
        await menu.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).WaitForAsync();

        // Signing in again takes the password and then the code.
        await menu.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await tab.GetByLabel("Email address").FillAsync(AssessorEmail);
        await tab.GetByLabel("Password", new() { Exact = true }).FillAsync(AssessorPassword);
        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await tab.WaitForURLAsync("**/account/sign-in/two-factor**");
        await assessor.CheckAsync("sign-in-two-factor-assessor");
        await tab.GetByLabel("Code").FillAsync(TwoFactor.CodeFor(key));
        await tab.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await menu.GetByRole(AriaRole.Link, new() { Name = "Your account" }).ClickAsync();
        await tab.WaitForURLAsync("**/account");
        Assert.Contains("Sheffield", await tab.Locator(".govuk-summary-list").InnerTextAsync(), StringComparison.Ordinal);
        await assessor.CheckAsync("account");
    }
}
