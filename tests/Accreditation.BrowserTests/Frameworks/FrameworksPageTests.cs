using Accreditation.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Frameworks;

/// <summary>Anyone can read the Knowledge and Skills Statements the platform assesses against.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FrameworksPageTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_visitor_finds_the_frameworks_and_reads_the_practice_leader_statements()
    {
        await using var watch = await PageWatch.OpenAsync(site, output);
        var page = watch.Page;

        await watch.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Frameworks" }).ClickAsync();
        await page.WaitForURLAsync("**/frameworks");
        var frameworks = page.Locator("table.govuk-table tbody tr");
        Assert.Equal(3, await frameworks.CountAsync());
        await watch.CheckAsync("frameworks");

        await page.GetByRole(AriaRole.Link, new() { Name = "Knowledge and skills statement for practice leaders" }).ClickAsync();
        await page.WaitForURLAsync("**/frameworks/practice-leader");
        Assert.Equal("Knowledge and skills statement for practice leaders", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal(6, await page.Locator(".app-kss-statements > li").CountAsync());
        await watch.CheckAsync("framework-practice-leader");
    }
}
