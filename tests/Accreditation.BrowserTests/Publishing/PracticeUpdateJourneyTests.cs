using System.Globalization;
using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Security;
using Accreditation.Notifications.Sending;
using Accreditation.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Publishing;

/// <summary>A practice update goes from one Publisher's draft, through a second Publisher's approval, to readers, the feed and subscribers' inboxes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PracticeUpdateJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_publisher_drafts_a_second_publisher_approves_and_readers_feed_and_subscribers_get_the_update()
    {
        var author = $"author.{Guid.NewGuid():N}@example.gov.uk";
        var reviewer = $"reviewer.{Guid.NewGuid():N}@example.gov.uk";
        var subscriber = $"subscriber.{Guid.NewGuid():N}@example.gov.uk";
        await site.Site.CreatePersonAsync(author, [Roles.Publisher]);
        await site.Site.CreatePersonAsync(reviewer, [Roles.Publisher]);
        keys[author] = await site.Site.EnableTwoFactorAsync(author); // publishers must use two-factor
        keys[reviewer] = await site.Site.EnableTwoFactorAsync(reviewer);
        await site.Site.CreatePersonAsync(subscriber, [Roles.Candidate]);
        var title = $"Reflective supervision in practice {Guid.NewGuid():N}"[..45];

        await using (var watch = await SignedInAsync(subscriber))
        {
            await watch.GotoAsync("/updates/subscriptions");
            await watch.Page.GetByLabel("Topic").FillAsync("supervision");
            await watch.Page.GetByLabel("As soon as an update is published").CheckAsync();
            await watch.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await watch.Page.GetByText("Your email choices were saved.").WaitForAsync();
            await watch.CheckAsync("publishing-subscriptions");
        }

        string itemUrl;
        await using (var watch = await SignedInAsync(author))
        {
            var page = watch.Page;
            await watch.GotoAsync("/admin/publishing/edit");
            await page.GetByLabel("Title").FillAsync(title);
            await page.GetByLabel("Summary").FillAsync("Why time to reflect matters for decisions about children.");
            await page.GetByLabel("Body").FillAsync("Good supervision makes room for **reflection**.");
            await page.GetByLabel("Topics").FillAsync("supervision, reflective practice");

            // The roles are revealed only under the audience choice they belong to.
            var roles = page.Locator("#conditional-Audience-Roles");
            Assert.False(await roles.IsVisibleAsync());
            await page.GetByLabel("People with certain roles").CheckAsync();
            await roles.GetByLabel("Lead assessor").WaitForAsync();
            await watch.CheckAsync("publishing-edit-roles-revealed");
            await page.GetByLabel("Everyone", new() { Exact = true }).CheckAsync();
            Assert.False(await roles.IsVisibleAsync());
            await watch.CheckAsync("publishing-edit");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/publishing/*-*");
            itemUrl = new Uri(page.Url).AbsolutePath;
            await watch.CheckAsync("publishing-draft");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
            await page.Locator("#status", new() { HasText = "In review" }).WaitForAsync();

            // The author is not offered approval: the page says why instead.
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).CountAsync());
            Assert.Contains("another Publisher must approve it", await page.Locator("#cannot-approve").InnerTextAsync(), StringComparison.Ordinal);
            await watch.CheckAsync("publishing-in-review-author");
        }

        await using (var watch = await SignedInAsync(reviewer))
        {
            var page = watch.Page;
            await watch.GotoAsync(itemUrl);
            Assert.Contains("reflection", await page.Locator(".govuk-inset-text strong").InnerTextAsync(), StringComparison.Ordinal);
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
            await page.Locator("#status", new() { HasText = "Published" }).WaitForAsync();
            await watch.CheckAsync("publishing-approved");
        }

        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await watch.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Practice updates" }).ClickAsync();
            await page.WaitForURLAsync("**/updates");
            await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            Assert.Equal(title, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
            await watch.CheckAsync("publishing-public-update");

            var feed = await page.APIRequest.GetAsync("/updates/feed.atom");
            Assert.Equal(200, feed.Status);
            Assert.Contains($"<title>{title}</title>", await feed.TextAsync(), StringComparison.Ordinal);
        }

        var configuration = site.Site.Services.GetRequiredService<IConfiguration>();
        var previous = new[] { "Email:Smtp:Host", "Email:Smtp:Port", "Email:Smtp:Security" }.ToDictionary(k => k, k => configuration[k]);
        try
        {
            configuration["Email:Smtp:Host"] = "127.0.0.1";
            configuration["Email:Smtp:Port"] = Maildev.Instance.SmtpPort.ToString(CultureInfo.InvariantCulture);
            configuration["Email:Smtp:Security"] = "None";
            await site.Site.WithScopeAsync(sp => sp.GetRequiredService<EmailDispatcher>().DispatchAsync());
            var message = Assert.Single(await Maildev.Instance.WaitForAsync(subscriber));
            Assert.Equal(title, message.GetProperty("subject").GetString());
            Assert.True(message.GetProperty("headers").TryGetProperty("list-unsubscribe", out _));
        }
        finally
        {
            foreach (var (key, value) in previous)
            {
                configuration[key] = value;
            }
        }
    }

    private readonly Dictionary<string, string> keys = [];

    private Task<PageWatch> SignedInAsync(string email) =>
        PageWatch.SignedInAsync(site, output, email, keys.TryGetValue(email, out var key) ? key : null);
}
