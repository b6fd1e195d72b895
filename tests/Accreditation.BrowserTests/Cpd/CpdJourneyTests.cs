using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Cpd;

/// <summary>A practitioner records two pieces of CPD, one with a peer reflection, and sees the registration year met.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CpdJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_practitioner_records_two_pieces_of_cpd_one_with_a_peer_reflection_and_sees_the_year_met()
    {
        const string email = "cpd.practitioner@example.gov.uk";
        await site.Site.CreatePersonAsync(email, [Roles.Candidate], p => p.DisplayName = "Robin Hale");

        await using var watch = await PageWatch.OpenAsync(site, output);
        var page = watch.Page;
        await watch.SignInAsync(email, Accreditation.Testing.People.Password);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Your CPD" }).ClickAsync();
        await page.WaitForURLAsync("**/cpd");
        Assert.Equal("Requirement not met yet", (await page.Locator("#year-status").InnerTextAsync()).Trim());
        Assert.Contains("not recorded any CPD", await page.Locator("#missing").InnerTextAsync(), StringComparison.Ordinal);
        await watch.CheckAsync("cpd-empty");

        // A course, without a peer reflection (the date is filled in as today).
        await page.GetByRole(AriaRole.Button, new() { Name = "Record CPD" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Record CPD" })).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Record CPD" }).WaitForAsync();
        await page.GetByLabel("Course or training").CheckAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Contextual safeguarding course");
        await page.GetByLabel("Time spent, in hours").FillAsync("6");
        await page.GetByLabel("What was it, and why was it relevant to your practice?").FillAsync("A one-day course on harm outside the home, relevant because our adolescents' team is growing.");
        await page.GetByLabel("What did you learn?").FillAsync("How to assess peer groups and places, not only parents.");
        await page.GetByLabel("What impact has it had on your practice, and on the people you work with?").FillAsync("I now map where the young people I work with spend their time.");
        await watch.CheckAsync("cpd-record-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/cpd");
        Assert.Equal("1", (await page.Locator("#record-count").InnerTextAsync()).Trim());
        Assert.Contains("peer reflection", await page.Locator("#missing").InnerTextAsync(), StringComparison.Ordinal);

        // Supervision, with a peer reflection.
        await page.GetByRole(AriaRole.Button, new() { Name = "Record CPD" }).Or(page.GetByRole(AriaRole.Link, new() { Name = "Record CPD" })).ClickAsync();
        await page.GetByLabel("Supervision", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Group supervision on a complex case");
        await page.GetByLabel("Time spent, in hours").FillAsync("1.5");
        await page.GetByLabel("What was it, and why was it relevant to your practice?").FillAsync("Group supervision where we reflected on a family who had stopped engaging.");
        await page.GetByLabel("What did you learn?").FillAsync("Disengagement often follows a change of worker.");
        await page.GetByLabel("What impact has it had on your practice, and on the people you work with?").FillAsync("I explain handovers to families in person now.");
        await page.GetByText("Add a peer reflection").ClickAsync();
        await page.GetByLabel("Peer's name").FillAsync("Priya Shah");
        await page.GetByLabel("Peer's role (optional)").FillAsync("Practice supervisor");
        await page.GetByLabel("What did you learn from the discussion?").FillAsync("To name my own assumptions about why families withdraw.");
        await watch.CheckAsync("cpd-peer-reflection");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/cpd");

        Assert.Equal("Requirement met", (await page.Locator("#year-status").InnerTextAsync()).Trim());
        Assert.Equal("2", (await page.Locator("#record-count").InnerTextAsync()).Trim());
        Assert.Equal("1", (await page.Locator("#peer-count").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("#missing").CountAsync());
        await watch.CheckAsync("cpd-year-met");

        await page.GetByRole(AriaRole.Link, new() { Name = "Group supervision on a complex case" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Group supervision on a complex case" }).WaitForAsync();
        await watch.CheckAsync("cpd-record");
    }
}
