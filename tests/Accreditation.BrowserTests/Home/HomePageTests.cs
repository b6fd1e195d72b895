using Accreditation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Home;

/// <summary>A visitor's first look at the service.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_visitor_sees_the_service_styled_by_the_design_system_with_a_way_to_sign_in()
    {
        await using var watch = await PageWatch.OpenAsync(site, output);
        var page = watch.Page;

        await watch.GotoAsync("/");

        Assert.Equal("Practice leader accreditation", (await page.Locator(".govuk-generic-header__homepage-link").InnerTextAsync()).Trim());
        Assert.Equal("Beta", (await page.Locator(".govuk-phase-banner__content__tag").InnerTextAsync()).Trim());
        Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).IsVisibleAsync());

        // The module script ran under the content security policy, and govuk-frontend's stylesheet and font loaded.
        Assert.True(await page.EvaluateAsync<bool>("document.body.classList.contains('govuk-frontend-supported')"));
        Assert.StartsWith("\"GDS Transport\"", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('h1')).fontFamily"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("document.fonts.check('bold 48px \"GDS Transport\"')"));

        await watch.CheckAsync("home");
    }
}
