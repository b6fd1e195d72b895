using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Subscriptions;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Weekly digests batch what is new exactly once; one-click unsubscribe works for its own subscription only.</summary>
public sealed class DigestTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    [Fact]
    public async Task A_weekly_digest_contains_each_new_update_once_and_the_next_digest_repeats_none()
    {
        var email = PublishingSiteExtensions.NewAddress("weekly");
        var person = await site.CreatePersonAsync(email, [Roles.Candidate]);
        var subscription = await SubscribeAsync(person, "digest-topic", SubscriptionFrequency.Weekly);
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await site.PublishAsync(PublishingSiteExtensions.Draft("Digest one", topics: "digest-topic"));
        var second = await site.PublishAsync(PublishingSiteExtensions.Draft("Digest two", topics: "digest-topic"));
        var otherTopic = await site.PublishAsync(PublishingSiteExtensions.Draft("Other topic", topics: "elsewhere"));

        site.Clock.Advance(TimeSpan.FromDays(7));
        await RunDigestAsync();
        var third = await site.PublishAsync(PublishingSiteExtensions.Draft("Digest three", topics: "digest-topic"));
        site.Clock.Advance(TimeSpan.FromDays(7));
        await RunDigestAsync();
        site.Clock.Advance(TimeSpan.FromDays(7));
        await RunDigestAsync();

        // Only the digests: candidates may also get other email as the clock moves (CPD reminders in November).
        var digests = (await site.OutboxToAsync(email)).Where(m => m.TemplateName == WeeklyDigest.Template).OrderBy(m => m.CreatedAt).ToList();
        Assert.Equal(2, digests.Count);
        Assert.Contains(first.Title, digests[0].TextBody, StringComparison.Ordinal);
        Assert.Contains(second.Title, digests[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(otherTopic.Title, digests[0].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(third.Title, digests[0].TextBody, StringComparison.Ordinal);
        Assert.Contains(third.Title, digests[1].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Title, digests[1].TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Title, digests[1].TextBody, StringComparison.Ordinal);
        Assert.All(digests, d => Assert.StartsWith("https://accreditation.example.gov.uk/updates/unsubscribe/", d.UnsubscribeUrl, StringComparison.Ordinal));
        Assert.Equal(3, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<SentUpdate>().CountAsync(s => s.SubscriptionId == subscription)));
    }

    [Fact]
    public async Task An_unsubscribe_link_works_without_signing_in_and_only_for_its_own_subscription()
    {
        var mine = await SubscribeAsync(await site.CreatePersonAsync(PublishingSiteExtensions.NewAddress("mine"), [Roles.Candidate]), "", SubscriptionFrequency.Weekly);
        var theirs = await SubscribeAsync(await site.CreatePersonAsync(PublishingSiteExtensions.NewAddress("theirs"), [Roles.Candidate]), "", SubscriptionFrequency.Weekly);
        var url = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<UnsubscribeTokens>().Url(mine)));
        var path = new Uri(url).AbsolutePath;
        var token = Uri.UnescapeDataString(path["/updates/unsubscribe/".Length..]);
        var tampered = "/updates/unsubscribe/" + Uri.EscapeDataString(token[..^3] + (token[^3] == 'A' ? "B" : "A") + token[^2..]);
        var anonymous = site.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.PostAsync(tampered, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/updates/unsubscribe/not-a-token")).StatusCode);
        Assert.True(await ExistsAsync(mine));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        Assert.True(await ExistsAsync(mine), "GET only asks to confirm");
        var done = await anonymous.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.False(await ExistsAsync(mine));
        Assert.True(await ExistsAsync(theirs));
    }

    private Task<Guid> SubscribeAsync(string userId, string topic, SubscriptionFrequency frequency) =>
        site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var subscription = new UpdateSubscription { Id = Guid.NewGuid(), UserId = userId, Topic = topic, Frequency = frequency, CreatedAt = site.Clock.GetUtcNow() };
            db.Set<UpdateSubscription>().Add(subscription);
            await db.SaveChangesAsync();
            return subscription.Id;
        });

    private Task<bool> ExistsAsync(Guid id) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<UpdateSubscription>().AnyAsync(s => s.Id == id));

    private Task RunDigestAsync() =>
        site.WithScopeAsync(sp => sp.GetRequiredService<WeeklyDigest>().SendDueAsync());
}
