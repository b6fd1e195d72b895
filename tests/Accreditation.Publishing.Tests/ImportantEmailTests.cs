using Accreditation.Core.Security;
using Accreditation.Notifications.Sending;
using Accreditation.Publishing.Data;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Publishing an important update emails its whole audience, through the outbox, to a real SMTP server.</summary>
public sealed class ImportantEmailTests(PublishingMailSite site) : IClassFixture<PublishingMailSite>
{
    [Fact]
    public async Task An_important_update_reaches_everyone_in_its_audience_and_nobody_else()
    {
        var organisation = Guid.NewGuid();
        var inside = PublishingSiteExtensions.NewAddress("inside");
        await site.CreatePersonAsync(inside, [Roles.Candidate], u => u.OrganisationId = organisation);
        var outside = PublishingSiteExtensions.NewAddress("outside");
        await site.CreatePersonAsync(outside, [Roles.Candidate], u => u.OrganisationId = Guid.NewGuid());

        var item = await site.PublishAsync(PublishingSiteExtensions.Draft("Important news", AudienceKind.Organisations, important: true, organisations: organisation.ToString()));
        await site.WithScopeAsync(sp => sp.GetRequiredService<EmailDispatcher>().DispatchAsync());

        var message = Assert.Single(await Maildev.Instance.WaitForAsync(inside));
        Assert.Equal($"Important: {item.Title}", message.GetProperty("subject").GetString());
        Assert.Contains($"https://accreditation.example.gov.uk/updates/{item.Slug}", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Maildev.Instance.MessagesToAsync(outside));
        Assert.Empty(await site.OutboxToAsync(outside));
    }
}
