using System.Globalization;
using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Security;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Publishing;

/// <summary>
/// An editor writes a guidance page with a picture from the media library, a second Publisher approves it for a time
/// just ahead, it publishes when that time comes (the site's fake clock), and visitors find it in the menu and in search.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GuidancePageJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    private readonly Dictionary<string, string> keys = [];

    [Fact]
    public async Task An_editor_writes_a_guidance_page_with_a_picture_a_reviewer_approves_it_and_it_publishes_on_schedule_into_the_menu_and_search()
    {
        var editor = $"editor.{Guid.NewGuid():N}@example.gov.uk";
        var reviewer = $"reviewer.{Guid.NewGuid():N}@example.gov.uk";
        var admin = $"menus.{Guid.NewGuid():N}@example.gov.uk";
        await site.Site.CreatePersonAsync(editor, [Roles.Publisher]);
        await site.Site.CreatePersonAsync(reviewer, [Roles.Publisher]);
        await site.Site.CreatePersonAsync(admin, [Roles.PlatformAdmin]);
        foreach (var person in new[] { editor, reviewer, admin })
        {
            keys[person] = await site.Site.EnableTwoFactorAsync(person);
        }

        var word = "kestrel" + Guid.NewGuid().ToString("N")[..6];
        var title = $"Supervision {word} guide";
        var label = "Supervision " + word[^6..];
        string itemUrl;
        await using (var watch = await SignedInAsync(editor))
        {
            var page = watch.Page;
            await watch.GotoAsync("/admin/media");
            await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "diagram.png", MimeType = "image/png", Buffer = Png() });
            await page.GetByLabel("Alternative text (pictures) or title (documents)").FillAsync("A supervisor and a practitioner talking");
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/media/*-*");
            await watch.CheckAsync("cms-media-file");

            await watch.GotoAsync("/admin/publishing/edit");
            await page.GetByLabel("Page", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("Title").FillAsync(title);
            await page.GetByLabel("Summary").FillAsync("How to make room for reflection in supervision.");
            await page.GetByLabel("Body").FillAsync("## Before\n\nPrepare.\n\n::: inset\nBook an hour.\n:::\n\n## During\n\nListen.\n\n## After\n\nWrite it up.");
            await page.GetByText("Insert a picture or document from the media library").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Insert A supervisor and a practitioner talking" }).ClickAsync();
            Assert.Contains("![A supervisor and a practitioner talking](/media/", await page.GetByLabel("Body").InputValueAsync(), StringComparison.Ordinal);
            await watch.CheckAsync("cms-edit-page");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/publishing/*-*");
            itemUrl = new Uri(page.Url).AbsolutePath;

            await page.GetByRole(AriaRole.Link, new() { Name = "Preview as published" }).ClickAsync();
            await page.Locator(".app-contents").WaitForAsync();
            Assert.Equal("A supervisor and a practitioner talking", await page.Locator("main article img").GetAttributeAsync("alt"));
            await watch.CheckAsync("cms-preview");
            await watch.GotoAsync(itemUrl);
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
            await page.Locator("#status", new() { HasText = "In review" }).WaitForAsync();
        }

        await using (var watch = await SignedInAsync(admin))
        {
            var page = watch.Page;
            await watch.GotoAsync("/admin/menus/edit");
            await page.GetByLabel("Words of the link").FillAsync(label);
            await page.GetByLabel("Page", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = title });
            await page.GetByLabel("Everyone").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save link" }).ClickAsync();
            await page.WaitForURLAsync("**/admin/menus");
            await watch.CheckAsync("cms-menus");
        }

        var publishAt = site.Site.Clock.GetUtcNow().AddMinutes(2);
        await using (var watch = await SignedInAsync(reviewer))
        {
            var page = watch.Page;
            await watch.GotoAsync(itemUrl);
            await page.Locator("#PublishAt-Approve").FillAsync(publishAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Approve and publish" }).ClickAsync();
            await page.Locator("#status", new() { HasText = "Scheduled" }).WaitForAsync();
        }

        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await watch.GotoAsync("/");
            Assert.Equal(0, await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = label }).CountAsync());

            // The time comes on the site's clock; the scheduled-publishing task's round runs now rather than in up to 30 seconds.
            site.Site.Clock.Advance(TimeSpan.FromMinutes(2));
            await site.Site.WithScopeAsync(sp => sp.GetRequiredService<PublishingWorkflow>().PublishDueAsync());

            await watch.GotoAsync("/");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = title }).WaitForAsync();
            Assert.Equal(3, await page.Locator(".app-contents a").CountAsync());
            Assert.Equal("A supervisor and a practitioner talking", await page.Locator("main article img").GetAttributeAsync("alt"));
            await watch.CheckAsync("cms-guidance-page");

            await page.GetByLabel("Search this service").FillAsync(word);
            await page.GetByLabel("Search this service").PressAsync("Enter");
            await page.WaitForURLAsync("**/search?q=*");
            await page.Locator("#results-pages + ul").GetByRole(AriaRole.Link, new() { Name = title }).WaitForAsync();
            await watch.CheckAsync("cms-search");
        }
    }

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(800, 400);
        bitmap.Erase(new SKColor(0x00, 0x70, 0x3c));
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private Task<PageWatch> SignedInAsync(string email) =>
        PageWatch.SignedInAsync(site, output, email, keys.TryGetValue(email, out var key) ? key : null);
}
