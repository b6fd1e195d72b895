using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Research;

/// <summary>People search the practice-research library, narrow it by topic, open an item, save the search and record the item as CPD.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResearchJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    private async Task AddItemsAsync(string word)
    {
        await site.Site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var kinship = new ResearchTopic { Id = library.NewId(), Name = $"Kinship care {word}" };
            var neglect = new ResearchTopic { Id = library.NewId(), Name = $"Neglect {word}" };
            db.AddRange(kinship, neglect);
            library.Add(new ResearchItem
            {
                Title = $"Supporting kinship carers ({word})",
                Abstract = $"What helps family and friends carers, from a review of {word} studies.",
                FullText = "## Findings\n\nCarers valued **practical help** early.",
                Year = 2022,
                Type = ResearchItemType.ResearchReview,
                Access = ResearchAccess.Public,
                IsPublished = true,
                Topics = [kinship],
                KssStatements = ["PL-4"],
            });
            library.Add(new ResearchItem
            {
                Title = $"Neglect and {word} practice",
                Abstract = $"A practice guide to {word} assessments of neglect.",
                Year = 2019,
                Type = ResearchItemType.PracticeGuide,
                Access = ResearchAccess.Public,
                IsPublished = true,
                Topics = [neglect],
            });
            await db.SaveChangesAsync();
        });
        await site.Site.WithScopeAsync(sp => sp.GetRequiredService<IndexWorker>().RunOnceAsync(sp));
    }

    [Fact]
    public async Task A_visitor_searches_filters_by_topic_and_opens_an_item_and_a_signed_in_person_saves_the_search()
    {
        var word = "quillback" + Guid.NewGuid().ToString("N")[..6];
        await AddItemsAsync(word);

        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await watch.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Research" }).ClickAsync();
            await page.WaitForURLAsync("**/research");
            await page.GetByLabel("Search the library").FillAsync(word);
            await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Status).GetByText("2 items found").WaitForAsync();
            Assert.True(await page.Locator(".app-results mark").CountAsync() > 0); // the searched word is marked
            await watch.CheckAsync("research-search");

            // The search button sits beside the box, not under it.
            var box = (await page.GetByLabel("Search the library").BoundingBoxAsync())!;
            var button = (await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).BoundingBoxAsync())!;
            Assert.True(button.X >= box.X + box.Width && button.Y < box.Y + box.Height, $"button at {button.X},{button.Y}; box {box.X},{box.Y} {box.Width}x{box.Height}");

            // On a phone the results come before the filters, with a link down to them.
            await page.SetViewportSizeAsync(375, 812);
            var firstResult = (await page.Locator(".app-result").First.BoundingBoxAsync())!;
            var filters = (await page.Locator("#filters").BoundingBoxAsync())!;
            Assert.True(firstResult.Y < filters.Y, $"first result at {firstResult.Y}, filters at {filters.Y}");
            Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Filter the results" }).IsVisibleAsync());
            await watch.CheckAsync("research-search-phone");
            await page.SetViewportSizeAsync(1280, 900);
            Assert.False(await page.GetByRole(AriaRole.Link, new() { Name = "Filter the results" }).IsVisibleAsync());

            await page.GetByLabel($"Kinship care {word}").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
            await page.GetByRole(AriaRole.Status).GetByText("1 item found").WaitForAsync();
            Assert.Equal(1, await page.Locator(".app-result").CountAsync());
            await watch.CheckAsync("research-filtered");

            await page.GetByRole(AriaRole.Link, new() { Name = $"Supporting kinship carers ({word})" }).ClickAsync();
            await page.WaitForURLAsync("**/research/items/*");
            Assert.Equal($"Supporting kinship carers ({word})", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
            Assert.Equal(0, await page.Locator("#record-as-cpd").CountAsync()); // visitors cannot record CPD
            await watch.CheckAsync("research-item");
        }

        var email = $"reader.{Guid.NewGuid():N}@example.gov.uk";
        await site.Site.CreatePersonAsync(email, [Roles.Candidate]);
        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await watch.SignInAsync(email, Accreditation.Testing.People.Password);

            await watch.GotoAsync($"/research?q={word}");
            await page.GetByText("Save this search").ClickAsync();
            await page.GetByLabel("Name (optional)").FillAsync($"Kinship {word}");
            await page.GetByLabel("Email me weekly about new items that match").CheckAsync();
            await watch.CheckAsync("research-save-search");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save search" }).ClickAsync();
            await page.WaitForURLAsync("**/research/saved");
            await page.GetByRole(AriaRole.Link, new() { Name = $"Kinship {word}" }).WaitForAsync();
            await watch.CheckAsync("research-saved-searches");

            // Record as CPD: a draft record pre-filled from the item, asking for what was learned and the impact.
            await watch.GotoAsync($"/research?q={word}");
            await page.GetByRole(AriaRole.Link, new() { Name = $"Supporting kinship carers ({word})" }).ClickAsync();
            await page.WaitForURLAsync("**/research/items/*");
            await page.Locator("#record-as-cpd").ClickAsync();
            await page.WaitForURLAsync("**/cpd/records/*/edit");
            await page.Locator("#draft-prompt").WaitForAsync();
            Assert.Equal("Complete your CPD record", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
            Assert.Equal($"Supporting kinship carers ({word})", await page.Locator("#Input_Title").InputValueAsync());
            await watch.CheckAsync("research-record-as-cpd");
        }
    }
}
