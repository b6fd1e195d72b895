using System.Net.Http.Headers;
using System.Net;
using System.Xml.Linq;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Readers see only what their audience allows, on pages and in the feed; bodies are sanitised.</summary>
public sealed class ReadingTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task Audience_rules_are_respected_on_the_list_the_item_page_and_the_feed()
    {
        var everyone = await site.PublishAsync(PublishingSiteExtensions.Draft("For everyone"));
        var signedIn = await site.PublishAsync(PublishingSiteExtensions.Draft("For signed in", AudienceKind.SignedIn));
        var assessors = await site.PublishAsync(PublishingSiteExtensions.Draft("For assessors", AudienceKind.Roles, roles: [Roles.Assessor]));
        var candidateEmail = PublishingSiteExtensions.NewAddress("candidate");
        await site.CreatePersonAsync(candidateEmail, [Roles.Candidate]);
        var assessorEmail = PublishingSiteExtensions.NewAddress("assessor");
        await site.CreatePersonAsync(assessorEmail, [Roles.Assessor]);

        var anonymous = site.CreateBrowserLikeClient();
        var candidate = await site.SignedInClientAsync(candidateEmail);
        var assessor = await site.SignedInClientAsync(assessorEmail);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/updates/{everyone.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/updates/{signedIn.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await candidate.GetAsync($"/updates/{signedIn.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await candidate.GetAsync($"/updates/{assessors.Slug}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await assessor.GetAsync($"/updates/{assessors.Slug}")).StatusCode);

        var anonymousList = await (await anonymous.GetAsync("/updates")).Content.ReadAsStringAsync();
        Assert.Contains(everyone.Slug, anonymousList, StringComparison.Ordinal);
        Assert.DoesNotContain(signedIn.Slug, anonymousList, StringComparison.Ordinal);
        var candidateList = await (await candidate.GetAsync("/updates")).Content.ReadAsStringAsync();
        Assert.Contains(signedIn.Slug, candidateList, StringComparison.Ordinal);
        Assert.DoesNotContain(assessors.Slug, candidateList, StringComparison.Ordinal);

        var feed = await (await anonymous.GetAsync("/updates/feed.atom")).Content.ReadAsStringAsync();
        Assert.Contains(everyone.Title, feed, StringComparison.Ordinal);
        Assert.DoesNotContain(signedIn.Title, feed, StringComparison.Ordinal);
        Assert.DoesNotContain(assessors.Title, feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_atom_feed_parses_as_xml_with_one_entry_per_public_update_and_their_dates()
    {
        var first = await site.PublishAsync(PublishingSiteExtensions.Draft("Feed first"));
        site.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await site.PublishAsync(PublishingSiteExtensions.Draft("Feed second"));

        var response = await site.CreateBrowserLikeClient().GetAsync("/updates/feed.atom");

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Atom + "feed", feed.Root!.Name);
        var entries = feed.Root.Elements(Atom + "entry").ToList();
        var titles = entries.Select(e => e.Element(Atom + "title")!.Value).ToList();
        Assert.Single(titles, t => t == first.Title);
        Assert.Single(titles, t => t == second.Title);
        Assert.True(titles.IndexOf(second.Title) < titles.IndexOf(first.Title), "newest first");
        var entry = entries.Single(e => e.Element(Atom + "title")!.Value == second.Title);
        Assert.Equal($"urn:uuid:{second.Id}", entry.Element(Atom + "id")!.Value);
        Assert.Equal(second.PublishedAt, DateTimeOffset.Parse(entry.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith($"/updates/{second.Slug}", entry.Element(Atom + "link")!.Attribute("href")!.Value, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.Parse(feed.Root.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture),
            entries.Max(e => DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_feed_reader_that_has_the_feed_gets_not_modified_until_an_update_is_published_or_changed()
    {
        var first = await site.PublishAsync(PublishingSiteExtensions.Draft("Polled"));
        var reader = site.CreateBrowserLikeClient();

        var fetched = await reader.GetAsync("/updates/feed.atom");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var tag = fetched.Headers.ETag;
        Assert.NotNull(tag);
        Assert.NotNull(fetched.Content.Headers.LastModified);

        Assert.Equal(HttpStatusCode.NotModified, (await ConditionalAsync(reader, tag, null)).StatusCode);
        var notModified = await ConditionalAsync(reader, null, fetched.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await ConditionalAsync(reader, new EntityTagHeaderValue("\"other\"", true), null)).StatusCode);

        // A change to an entry's words is a new version, even where its dates did not change.
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            (await db.Set<PracticeUpdate>().SingleAsync(u => u.Id == first.Id)).Body = "Edited after publishing.";
            await db.SaveChangesAsync();
        });
        var edited = await ConditionalAsync(reader, tag, null);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Contains("Edited after publishing.", await edited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(tag, edited.Headers.ETag);

        // So is a new update.
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = await site.PublishAsync(PublishingSiteExtensions.Draft("Polled again"));
        var renewed = await ConditionalAsync(reader, edited.Headers.ETag, edited.Content.Headers.LastModified);
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        Assert.Contains(second.Title, await renewed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> ConditionalAsync(HttpClient reader, EntityTagHeaderValue? tag, DateTimeOffset? since)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/updates/feed.atom");
        if (tag is not null)
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        request.Headers.IfModifiedSince = since;
        return await reader.SendAsync(request);
    }

    [Fact]
    public async Task A_markdown_body_with_a_script_renders_sanitised()
    {
        var item = await site.PublishAsync(PublishingSiteExtensions.Draft("Script", body: "Hello **team**\n\n<script>alert('x')</script>\n\n<img src=\"x.png\" onerror=\"alert(1)\">"));

        var html = await (await site.CreateBrowserLikeClient().GetAsync($"/updates/{item.Slug}")).Content.ReadAsStringAsync();

        Assert.Contains("<strong>team</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_changed_after_it_was_read_shows_its_new_text_at_once_on_the_page_and_in_the_feed()
    {
        var item = await site.PublishAsync(PublishingSiteExtensions.Draft("Changed", body: "The first wording."));
        var client = site.CreateBrowserLikeClient();
        Assert.Contains("The first wording.", await client.GetStringAsync($"/updates/{item.Slug}"), StringComparison.Ordinal);
        Assert.Contains("The first wording.", await client.GetStringAsync("/updates/feed.atom"), StringComparison.Ordinal);

        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            (await db.Set<PracticeUpdate>().SingleAsync(u => u.Id == item.Id)).Body = "The second wording.";
            await db.SaveChangesAsync();
        });

        foreach (var html in new[] { await client.GetStringAsync($"/updates/{item.Slug}"), await client.GetStringAsync("/updates/feed.atom") })
        {
            Assert.Contains("The second wording.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("The first wording.", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_stored_body_never_renders_a_script_link_and_renders_doi_links_at_doi_org()
    {
        // Stored by a path that skipped the form's check (an old row, a recipe of another version).
        var item = await site.PublishAsync(PublishingSiteExtensions.Draft("Links", body: "Read the guide."));
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            var stored = await db.Set<PracticeUpdate>().SingleAsync(u => u.Id == item.Id);
            stored.Body = "[one](javascript:alert(1)) [two](JaVaScRiPt&#58;alert(2)) <a href=\"vbscript:msgbox(3)\">three</a> " +
                "[four](data:text/html,hi) [paper](doi:10.5555/pub.1) [write](mailto:team@example.gov.uk) [site](/updates)";
            await db.SaveChangesAsync();
        });

        var page = await site.CreateBrowserLikeClient().GetStringAsync($"/updates/{item.Slug}");
        var feed = XDocument.Parse(await site.CreateBrowserLikeClient().GetStringAsync("/updates/feed.atom"));
        var entry = feed.Root!.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value == $"urn:uuid:{item.Id}");
        foreach (var html in new[] { page, entry.Element(Atom + "content")!.Value })
        {
            var hrefs = Accreditation.Testing.Pages.Parse(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).ToList();
            Assert.DoesNotContain(hrefs, h => h.Contains("script", StringComparison.OrdinalIgnoreCase) || h.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
            Assert.Contains("https://doi.org/10.5555/pub.1", hrefs);
            Assert.Contains("mailto:team@example.gov.uk", hrefs);
        }
    }

    [Fact]
    public async Task The_seeded_privacy_and_accessibility_pages_are_served_and_linked_from_the_footer()
    {
        var client = site.CreateBrowserLikeClient();

        var privacy = await client.GetAsync("/pages/privacy-notice");
        var accessibility = await (await client.GetAsync("/pages/accessibility")).Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
        var html = await privacy.Content.ReadAsStringAsync();
        Assert.Contains("Privacy notice", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/pages/accessibility\"", html, StringComparison.Ordinal);
        Assert.Contains("Accessibility statement", accessibility, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/pages/no-such-page")).StatusCode);
    }
}

