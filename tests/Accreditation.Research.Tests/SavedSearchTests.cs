using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Notifications.Outbox;
using Accreditation.Research.Library;
using Accreditation.Research.SavedSearches;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>Saved searches on the library pages, and their weekly email of new matching items through the outbox.</summary>
public sealed class SavedSearchTests(SavedSearchTests.Site site) : IClassFixture<SavedSearchTests.Site>
{
    /// <summary>A site whose alert task does not run by itself (the tests run it at the fake clock's times).</summary>
    public sealed class Site : PlatformFactory
    {
        /// <inheritdoc />
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Research:Alerts:Enabled"] = "false",
            ["Site:BaseUrl"] = "https://research.example.gov.uk",
            ["RateLimits:SignInPerMinute"] = "1000",
        };
    }

    private async Task<(HttpClient Client, string UserId, string Email)> PersonAsync(params string[] roles)
    {
        var email = $"person-{Guid.NewGuid():N}@example.gov.uk";
        var id = await site.CreatePersonAsync(email, roles.Length == 0 ? [Roles.Candidate] : roles);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        return (client, id, email);
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string query, string name, bool alert) =>
        client.PostFormAsync($"/research?{query}", new Dictionary<string, string>
        {
            ["query"] = "?" + query,
            ["name"] = name,
            ["alert"] = alert ? "true" : "false",
        }, "/research/saved?handler=Save");

    private Task<List<SavedSearch>> SavedOfAsync(string userId) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<SavedSearch>().AsNoTracking().Where(s => s.UserId == userId).ToListAsync());

    private Task<List<OutboxEmail>> OutboxToAsync(string email)
    {
        var lower = email.ToLowerInvariant(); // the outbox stores addresses lower-cased
        return site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(m => m.RecipientAddresses == lower && m.Subject.StartsWith("New research for your saved search")).ToListAsync()); // not, e.g., CPD reminders
    }

    private Task<int> SendAlertsAsync() => site.WithScopeAsync(sp => sp.GetRequiredService<SavedSearchAlerts>().SendDueAsync());

    [Fact]
    public async Task A_person_saves_a_search_from_the_library_page_lists_it_and_deletes_it_and_nobody_else_can()
    {
        var (client, userId, _) = await PersonAsync();
        var search = await client.GetDocumentAsync("/research?q=neglect");
        Assert.NotNull(search.QuerySelector("form.app-save-search input[name=query]"));

        var saved = await SaveAsync(client, "q=neglect&topic=Neglect&page=3", "Neglect <b>guides</b>", alert: false);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/research/saved", saved.Headers.Location!.OriginalString);
        var row = Assert.Single(await SavedOfAsync(userId));
        Assert.Equal("q=neglect&topic=Neglect", row.Query);
        Assert.False(row.WeeklyAlert);

        var list = await client.GetDocumentAsync("/research/saved");
        var link = list.QuerySelector("#saved-searches a.govuk-link")!;
        Assert.Equal("Neglect <b>guides</b>", link.TextContent);
        Assert.Equal("/research?q=neglect&topic=Neglect", link.GetAttribute("href"));
        Assert.Contains("Topic: Neglect", list.QuerySelector("#saved-searches")!.TextContent, StringComparison.Ordinal);

        // Someone else neither sees it nor can delete it.
        var (other, otherId, _) = await PersonAsync();
        Assert.Null((await other.GetDocumentAsync("/research/saved")).QuerySelector("#saved-searches"));
        await other.PostFormAsync("/research?q=neglect", new Dictionary<string, string> { ["id"] = row.Id.ToString(), ["version"] = row.Version.ToString() }, "/research/saved?handler=Delete");
        Assert.Single(await SavedOfAsync(userId));
        Assert.Empty(await SavedOfAsync(otherId));

        var deleted = await client.PostFormAsync("/research/saved", new Dictionary<string, string> { ["id"] = row.Id.ToString(), ["version"] = row.Version.ToString() }, "/research/saved?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Empty(await SavedOfAsync(userId));
    }

    [Fact]
    public async Task With_the_CPD_module_switched_off_an_item_does_not_offer_record_as_CPD()
    {
        var id = await site.AddItemAsync("Item on a site without CPD", "Nothing to record.");
        var (client, _, _) = await PersonAsync();
        Assert.NotNull((await client.GetDocumentAsync($"/research/items/{id}")).QuerySelector("#record-as-cpd"));

        await SwitchCpdAsync(on: false);
        try
        {
            var page = await client.GetDocumentAsync($"/research/items/{id}");
            Assert.Equal("Item on a site without CPD", page.QuerySelector("h1")!.TextContent);
            Assert.Null(page.QuerySelector("#record-as-cpd"));
        }
        finally
        {
            await SwitchCpdAsync(on: true);
        }
    }

    private Task SwitchCpdAsync(bool on) => site.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        var modules = sp.GetRequiredService<ModuleState>();
        Assert.Empty(await modules.ChangeAsync(db, on ? ["Accreditation.Cpd"] : [], on ? [] : ["Accreditation.Cpd"]));
        await db.SaveChangesAsync();
        modules.Reset();
    });

    [Fact]
    public async Task A_too_long_search_or_name_is_refused_with_a_message_and_nothing_is_saved()
    {
        var (client, userId, _) = await PersonAsync();
        var longName = await SaveAsync(client, "q=neglect", new string('n', 201), alert: false);
        Assert.Equal(HttpStatusCode.OK, longName.StatusCode);
        Assert.Contains("200 characters or fewer", await longName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var longQuery = await SaveAsync(client, "q=" + new string('q', 2100), "Long", alert: false);
        Assert.Equal(HttpStatusCode.OK, longQuery.StatusCode);
        Assert.Contains("too long to save", await longQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await SavedOfAsync(userId));
    }

    [Fact]
    public async Task A_stale_alert_change_is_a_conflict_with_a_message()
    {
        var (client, userId, _) = await PersonAsync();
        await SaveAsync(client, "q=kinship", "Kinship", alert: false);
        var row = Assert.Single(await SavedOfAsync(userId));
        var on = await client.PostFormAsync("/research/saved", new Dictionary<string, string> { ["id"] = row.Id.ToString(), ["version"] = row.Version.ToString(), ["on"] = "true" }, "/research/saved?handler=Alert");
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        Assert.True(Assert.Single(await SavedOfAsync(userId)).WeeklyAlert);
        var stale = await client.PostFormAsync("/research/saved", new Dictionary<string, string> { ["id"] = row.Id.ToString(), ["version"] = row.Version.ToString(), ["on"] = "false" }, "/research/saved?handler=Alert");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("was changed", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(Assert.Single(await SavedOfAsync(userId)).WeeklyAlert);
    }

    [Fact]
    public async Task The_weekly_alert_emails_new_matching_items_the_person_may_see_and_never_the_same_item_twice()
    {
        var (client, userId, email) = await PersonAsync();
        var word = "Quokkanomics";
        await site.AddItemAsync($"{word} before the search was saved", "An older study.");
        await site.RunIndexWorkerAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(client, $"q={word}", word, alert: true)).StatusCode);
        Assert.Empty(await OutboxToAsync(email));

        site.Clock.Advance(TimeSpan.FromDays(1));
        await site.AddItemAsync($"{word} practice guide", "New guidance.");
        await site.AddItemAsync($"{word} staff briefing", "For signed-in staff.", i => i.Access = ResearchAccess.Staff);
        await site.AddItemAsync($"{word} restricted evaluation", "Restricted.", i => i.Access = ResearchAccess.Restricted);
        await site.AddItemAsync("Supervision in practice", "Does not match the search.");
        await site.AddItemAsync($"{word} draft", "Not published.", i => i.IsPublished = false);
        await site.RunIndexWorkerAsync();

        site.Clock.Advance(TimeSpan.FromDays(5));
        await SendAlertsAsync();
        Assert.Empty(await OutboxToAsync(email)); // not a week yet

        site.Clock.Advance(TimeSpan.FromDays(2));
        await SendAlertsAsync();
        var first = Assert.Single(await OutboxToAsync(email));
        Assert.Contains($"{word} practice guide", first.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{word} staff briefing", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("restricted evaluation", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("before the search was saved", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Supervision", first.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("draft", first.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://research.example.gov.uk/research/items/", first.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://research.example.gov.uk/research/saved", first.TextBody, StringComparison.Ordinal);

        // Nothing new: no email. An item sent before and edited since is not sent again; a new one is, alone.
        site.Clock.Advance(TimeSpan.FromDays(7));
        await SendAlertsAsync();
        Assert.Single(await OutboxToAsync(email));
        var guide = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<ResearchItem>().Where(i => i.Title == $"{word} practice guide").Select(i => i.Id).SingleAsync());
        await site.ChangeItemAsync(guide, i => { i.IsPublished = false; });
        await site.ChangeItemAsync(guide, i => { i.IsPublished = true; i.PublishedAt = site.Clock.GetUtcNow(); i.Abstract = "Updated guidance."; });
        await site.AddItemAsync($"{word} second guide", "Newer guidance.");
        await site.RunIndexWorkerAsync();
        site.Clock.Advance(TimeSpan.FromDays(7));
        await SendAlertsAsync();
        var emails = await OutboxToAsync(email);
        Assert.Equal(2, emails.Count);
        var second = emails.Single(e => e.Id != first.Id);
        Assert.Contains($"{word} second guide", second.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain($"{word} practice guide", second.TextBody, StringComparison.Ordinal);

        // Turned off: nothing more (signing in again: three weeks have passed on the site's clock).
        client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        var row = Assert.Single(await SavedOfAsync(userId));
        var off = await client.PostFormAsync("/research/saved", new Dictionary<string, string> { ["id"] = row.Id.ToString(), ["version"] = row.Version.ToString(), ["on"] = "false" }, "/research/saved?handler=Alert");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(Assert.Single(await SavedOfAsync(userId)).WeeklyAlert);
        await site.AddItemAsync($"{word} third guide", "Newest guidance.");
        await site.RunIndexWorkerAsync();
        site.Clock.Advance(TimeSpan.FromDays(8));
        await SendAlertsAsync();
        Assert.Equal(2, (await OutboxToAsync(email)).Count);
    }

    [Fact]
    public async Task The_alert_of_someone_allowed_restricted_items_includes_them()
    {
        var email = $"editor-{Guid.NewGuid():N}@example.gov.uk";
        var userId = await site.CreatePersonAsync(email, [Roles.ResearchEditor]);
        var word = "Wombatology";
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var now = site.Clock.GetUtcNow();
            db.Add(new SavedSearch { Id = Guid.NewGuid(), UserId = userId, Name = word, Query = $"q={word}", WeeklyAlert = true, AlertsFrom = now, CreatedAt = now });
            await db.SaveChangesAsync();
        });
        site.Clock.Advance(TimeSpan.FromHours(1));
        await site.AddItemAsync($"{word} restricted evaluation", "Restricted.", i => i.Access = ResearchAccess.Restricted);
        await site.RunIndexWorkerAsync();
        site.Clock.Advance(TimeSpan.FromDays(7));
        await SendAlertsAsync();
        Assert.Contains($"{word} restricted evaluation", Assert.Single(await OutboxToAsync(email)).TextBody, StringComparison.Ordinal);
    }
}
