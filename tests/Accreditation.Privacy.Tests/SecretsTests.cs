using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Notifications.Outbox;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Privacy.Tests.Support;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Subscriptions;
using Accreditation.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Privacy.Tests;

/// <summary>
/// Live secrets (invitation, password-reset, endorsement and unsubscribe links) are used the way people use them, and
/// then none is found in the audit trail, in anything the server logged (messages, values and scopes, with the host's
/// request logging on), or, once the emails are sent, in any column of any table.
/// </summary>
public sealed class SecretsTests(PrivacySite site) : IClassFixture<PrivacySite>
{
    [Fact]
    public async Task No_live_token_reaches_the_audit_trail_the_logs_or_once_sent_the_outbox()
    {
        var tokens = new List<string>();
        var admin = await site.AdminAsync();

        // An invitation, accepted.
        var invitee = $"invitee-{Guid.NewGuid():N}@example.gov.uk";
        await site.WithScopeAsync(sp => People.EnsureOrganisationAsync(sp, PrivacySite.Organisation));
        var invited = await admin.PostFormAsync("/admin/people/invite", new Dictionary<string, string> { ["Email"] = invitee, ["OrganisationId"] = PrivacySite.Organisation.ToString(), ["Roles"] = Roles.Candidate });
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var invitation = new Uri((await site.EmailsToAsync(invitee)).Single().Link!).PathAndQuery;
        tokens.Add(QueryHelpers.ParseQuery(new Uri(new Uri("https://localhost"), invitation).Query)["token"].ToString());
        var browser = site.CreateBrowserLikeClient();
        var accepted = await browser.PostFormAsync(invitation, new Dictionary<string, string> { ["Token"] = tokens[^1], ["DisplayName"] = "Ivo Invitee", ["Password"] = People.Password, ["ConfirmPassword"] = People.Password });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        // A password reset, used.
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = invitee })).StatusCode);
        var reset = new Uri((await site.EmailsToAsync(invitee)).Single(e => e.Subject.Contains("Reset", StringComparison.Ordinal)).Link!).PathAndQuery;
        var query = QueryHelpers.ParseQuery(new Uri(new Uri("https://localhost"), reset).Query);
        tokens.Add(query["token"].ToString());
        var resetting = site.CreateBrowserLikeClient();
        var changed = await resetting.PostFormAsync(reset, new Dictionary<string, string> { ["UserId"] = query["user"].ToString(), ["Token"] = tokens[^1], ["NewPassword"] = "quartz meadow lantern 9", ["ConfirmPassword"] = "quartz meadow lantern 9" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        // An endorsement link of the kind sent before endorsers signed in: it no longer opens anything (410), and its
        // token must still stay out of what people read.
        var person = await site.CandidateWithDataAsync("Secret Candidate", $"secret-{Guid.NewGuid():N}@example.gov.uk", decide: false);
        var oldToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        tokens.Add(oldToken);
        Assert.Equal(HttpStatusCode.Gone, (await site.CreateBrowserLikeClient().GetAsync($"/endorse/{oldToken}")).StatusCode);

        // An unsubscribe link, followed and confirmed.
        var unsubscribe = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var subscription = new UpdateSubscription { Id = Guid.NewGuid(), UserId = person.UserId, Topic = "neglect", Frequency = SubscriptionFrequency.Immediate, CreatedAt = site.Clock.GetUtcNow() };
            db.Add(subscription);
            await db.SaveChangesAsync();
            return sp.GetRequiredService<UnsubscribeTokens>().Create(subscription.Id);
        });
        tokens.Add(unsubscribe);
        var reader = site.CreateBrowserLikeClient();
        var unsubscribePath = $"/updates/unsubscribe/{Uri.EscapeDataString(unsubscribe)}";
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(unsubscribePath)).StatusCode);
        var confirmed = await reader.PostFormAsync(unsubscribePath, new Dictionary<string, string>());
        Assert.True(confirmed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{(int)confirmed.StatusCode}");

        var forms = tokens.Where(t => t.Length >= 20).SelectMany(t => new[] { t, Uri.EscapeDataString(t) }).Distinct().ToList();
        Assert.Equal(4, tokens.Count(t => t.Length >= 20));

        var audit = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking().ToListAsync());
        Assert.Empty(audit.Where(a => forms.Any(t => $"{a.Path} {a.Details} {a.RecordId}".Contains(t, StringComparison.Ordinal))).Select(a => $"{a.Action} {a.Path} {a.Details}"));

        var logged = site.ServerLog.Entries.ToList();
        Assert.Contains(logged, e => e.Scopes.TryGetValue("RequestPath", out var p) && p is string path && path.StartsWith("/endorse/", StringComparison.Ordinal));
        var leaks = logged.Where(e => forms.Any(t => Text(e).Contains(t, StringComparison.Ordinal))).Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.Empty(leaks);

        // Sent, the emails keep no link: no column of any table holds a live token.
        await site.DispatchEmailAsync();
        Assert.Empty(await Search.DatabaseAsync(site.Services, forms));
        var sent = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking().Where(m => m.HoldsSecret).ToListAsync());
        Assert.NotEmpty(sent);
        Assert.All(sent, m => Assert.Equal(OutboxEmail.SecretRemovedText, m.TextBody));
    }

    [Fact]
    public void Recorded_paths_and_text_lose_registered_token_segments_queries_and_secret_looking_words_but_keep_ids_and_slugs()
    {
        var scrubber = new SecretScrubber([new SecretPathRegistration("/endorse/{token}"), new SecretPathRegistration("/updates/unsubscribe/{token}")]);
        const string dataProtected = "CfDJ8Abc123xyzQWERTY_-987654321poiuyt";

        Assert.Equal("/endorse/{token}", scrubber.Path("/endorse/short"));
        Assert.Equal("/endorse/{token}/files/0b6f1c8e-5d3a-4f7e-9c2b-1a2b3c4d5e6f", scrubber.Path("/endorse/abc/files/0b6f1c8e-5d3a-4f7e-9c2b-1a2b3c4d5e6f"));
        Assert.Equal("/updates/unsubscribe/{token}", scrubber.Path($"/updates/unsubscribe/{dataProtected}"));
        Assert.Equal("/account/invitation", scrubber.Path("/account/invitation?token=abc"));
        Assert.Equal("/somewhere/{secret}", scrubber.Path($"/somewhere/{dataProtected}"));
        Assert.Equal("/pages/privacy-notice-for-candidates-and-assessors", scrubber.Path("/pages/privacy-notice-for-candidates-and-assessors"));
        Assert.Equal("/portfolio/0b6f1c8e5d3a4f7e9c2b1a2b3c4d5e6f", scrubber.Path("/portfolio/0b6f1c8e5d3a4f7e9c2b1a2b3c4d5e6f"));
        Assert.Equal("link https://site/account/reset-password", scrubber.Text("link https://site/account/reset-password?user=1&token=abc"));
        Assert.Equal("code {secret} given", scrubber.Text($"code {dataProtected} given"));
        Assert.Equal("by endorser esme@example.gov.uk, file 0b6f1c8e-5d3a-4f7e-9c2b-1a2b3c4d5e6f", scrubber.Text("by endorser esme@example.gov.uk, file 0b6f1c8e-5d3a-4f7e-9c2b-1a2b3c4d5e6f"));
    }

    private static string Text(LogRecord entry) =>
        string.Join(' ', [entry.Message, entry.Exception?.ToString(), .. entry.Values.Values.Select(v => v?.ToString()), .. entry.Scopes.Values.Select(v => v?.ToString())]);
}
