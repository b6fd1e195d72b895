using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Subscriptions;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Every absolute URL publishing emits (Atom feed, update emails, unsubscribe links) is on Site:BaseUrl, whatever Host a request names.</summary>
public sealed class SiteAddressTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private const string Address = "https://accreditation.example.gov.uk";

    [Fact]
    public async Task A_forged_host_never_reaches_the_atom_feed_the_update_email_or_its_unsubscribe_link()
    {
        var reader = PublishingSiteExtensions.NewAddress("reader");
        var readerId = await site.CreatePersonAsync(reader, [Roles.Candidate]);
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.Set<UpdateSubscription>().Add(new UpdateSubscription { Id = Guid.NewGuid(), UserId = readerId, Topic = "", Frequency = SubscriptionFrequency.Immediate, CreatedAt = site.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        var author = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Forged host"), author))).Id!.Value;
        Assert.True((await site.ActAsync(id, PublicationAction.Submit, author)).Succeeded);
        var approverEmail = PublishingSiteExtensions.NewAddress("approver");
        await site.CreatePersonAsync(approverEmail, [Roles.Publisher]);
        var approver = (await site.SignedInClientAsync(approverEmail)).WithForgedHost();

        var approved = await approver.PostFormAsync($"/admin/publishing/{id}", new Dictionary<string, string>
        {
            ["Action"] = "Approve",
            ["Version"] = (await site.ItemAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var item = await site.ItemAsync(id);
        Assert.Equal(PublicationStatus.Published, item.Status);
        var email = Assert.Single(await site.OutboxToAsync(reader), m => m.TemplateName == UpdateMailer.Template);
        ForgedHost.AssertOnlyOn(Address, email.TextBody + "\n" + email.HtmlBody + "\n" + email.UnsubscribeUrl, atLeast: 2, "http://www.w3.org/");
        Assert.Contains($"{Address}/updates/{item.Slug}", email.TextBody, StringComparison.Ordinal);
        Assert.StartsWith($"{Address}/updates/unsubscribe/", email.UnsubscribeUrl, StringComparison.Ordinal);

        var feed = await (await site.CreateClient().SendAsync(ForgedHost.Get("/updates/feed.atom"))).Content.ReadAsStringAsync();
        ForgedHost.AssertOnlyOn(Address, feed, atLeast: 4, "http://www.w3.org/2005/Atom");
        Assert.Contains($"href=\"{Address}/updates/{item.Slug}\"", feed, StringComparison.Ordinal);
        Assert.Contains($"<id>{Address}/updates</id>", feed, StringComparison.Ordinal);
    }
}
