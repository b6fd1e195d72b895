using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Admin;

/// <summary>The first admin signs in (password, then authenticator code) and looks after the site's modules.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModulesPageTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task The_first_admin_signs_in_and_sees_the_modules_of_the_site()
    {
        await using var watch = await PageWatch.OpenAsync(site, output);
        var page = watch.Page;

        await watch.GotoAsync("/account/sign-in");
        await watch.CheckAsync("sign-in");

        // Nothing entered: the GOV.UK error summary names each problem and links to its field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var summary = page.Locator(".govuk-error-summary");
        await summary.WaitForAsync();
        Assert.StartsWith("Error: ", await page.TitleAsync(), StringComparison.Ordinal);
        await summary.GetByRole(AriaRole.Link, new() { Name = "Enter your password" }).ClickAsync();
        Assert.Equal("Password", await page.EvaluateAsync<string>("document.activeElement.id"));
        await watch.CheckAsync("sign-in-errors");

        // A platform admin signs in with a password and a code from their authenticator app.
        var key = await site.Site.EnableTwoFactorAsync(PlatformFactory.AdminEmail);
        await page.GetByLabel("Email address").FillAsync(PlatformFactory.AdminEmail);
        await page.GetByLabel("Password").FillAsync(PlatformFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in/two-factor**");
        await watch.CheckAsync("sign-in-two-factor");
        await page.GetByLabel("Code").FillAsync(TwoFactor.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" });
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Sign out" }).WaitForAsync();

        await menu.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await page.WaitForURLAsync("**/admin");
        await watch.CheckAsync("admin");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Modules" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/modules");
        Assert.Equal("Modules", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        // The row whose module id is Accreditation.Identity (other modules name it among their dependencies).
        var identity = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator("td:first-child .app-meta", new() { HasTextString = "Accreditation.Identity" }) });
        Assert.Contains("Enabled", await identity.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("page", await page.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Modules" }).GetAttributeAsync("aria-current"));
        await watch.CheckAsync("admin-modules");
    }
}
