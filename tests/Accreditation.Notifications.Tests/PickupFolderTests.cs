using Accreditation.Notifications.Outbox;
using MimeKit;

namespace Accreditation.Notifications.Tests;

/// <summary>With no SMTP server configured, messages are written as .eml files into App_Data/mail.</summary>
public sealed class PickupFolderTests(PickupFolderSite site) : IClassFixture<PickupFolderSite>
{
    [Fact]
    public async Task Without_smtp_settings_a_message_is_written_as_a_parseable_eml_file_with_both_parts()
    {
        var to = EmailSiteExtensions.NewAddress("pickup");
        var queued = await site.QueueAsync(EmailSiteExtensions.Plain(to, "Pickup folder check") with { UnsubscribeUrl = "https://accreditation.example.gov.uk/u/1" });

        var round = await site.DispatchAsync();

        Assert.Equal(1, round.Sent);
        var folder = Path.Combine(site.AppDataPath, "mail");
        var file = Assert.Single(Directory.GetFiles(folder, "*.eml"));
        using var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(queued.MessageId, message.MessageId);
        Assert.Equal("Pickup folder check", message.Subject);
        Assert.Equal(to, Assert.Single(message.To.Mailboxes).Address);
        Assert.Contains("Your employer endorsed your portfolio.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>Your employer endorsed your portfolio.</p>", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("<https://accreditation.example.gov.uk/u/1>", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal(OutboxStatus.Sent, (await site.OutboxAsync(queued.Id)).Status);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }
}
