using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Notifications.Tests;

/// <summary>Messages go from the outbox to a real SMTP server (maildev): whole, once, and only when the change was saved.</summary>
public sealed class DeliveryTests(MaildevSite site) : IClassFixture<MaildevSite>
{
    private readonly Maildev maildev = Maildev.Instance;

    [Fact]
    public async Task A_queued_email_arrives_once_with_both_parts_its_message_id_and_one_click_unsubscribe_headers()
    {
        var to = EmailSiteExtensions.NewAddress("digest");
        var queued = await site.QueueAsync(EmailSiteExtensions.Plain(to, "Practice update digest") with
        {
            UnsubscribeUrl = "https://accreditation.example.gov.uk/unsubscribe/abc123",
        });

        var round = await site.DispatchAsync();

        Assert.True(round.Sent >= 1);
        var message = Assert.Single(await maildev.WaitForAsync(to));
        Assert.Equal("Practice update digest", message.GetProperty("subject").GetString());
        Assert.Equal(queued.MessageId, message.GetProperty("messageId").GetString());
        Assert.Contains("Your employer endorsed your portfolio.", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<p>Your employer endorsed your portfolio.</p>", message.GetProperty("html").GetString(), StringComparison.Ordinal);
        var headers = message.GetProperty("headers");
        Assert.Equal($"<{queued.MessageId}>", headers.GetProperty("message-id").GetString());
        Assert.Equal("<https://accreditation.example.gov.uk/unsubscribe/abc123>", headers.GetProperty("list-unsubscribe").GetString());
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("list-unsubscribe-post").GetString());
        var recipient = Assert.Single(message.GetProperty("to").EnumerateArray());
        Assert.Equal(to, recipient.GetProperty("address").GetString());
        Assert.Equal("Sam Candidate", recipient.GetProperty("name").GetString());

        var row = await site.OutboxAsync(queued.Id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(site.Clock.GetUtcNow(), row.SentAt);

        // Another round finds nothing to send: the message is not sent twice.
        await site.DispatchAsync();
        Assert.Single(await maildev.MessagesToAsync(to));
    }

    [Fact]
    public async Task A_message_without_an_unsubscribe_url_has_no_unsubscribe_headers()
    {
        var to = EmailSiteExtensions.NewAddress();
        await site.QueueAsync(EmailSiteExtensions.Plain(to));

        await site.DispatchAsync();

        var headers = Assert.Single(await maildev.WaitForAsync(to)).GetProperty("headers");
        Assert.False(headers.TryGetProperty("list-unsubscribe", out _));
        Assert.False(headers.TryGetProperty("list-unsubscribe-post", out _));
    }

    [Fact]
    public async Task A_business_change_rolled_back_sends_no_email_and_the_same_change_saved_does()
    {
        var rolledBack = EmailSiteExtensions.NewAddress("rolled-back");
        var saved = EmailSiteExtensions.NewAddress("saved");

        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var outbox = sp.GetRequiredService<IEmailOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.SiteSettings.Add(new SiteSetting { Key = "Test:RolledBack", Value = "endorsed" });
            await outbox.EnqueueAsync(EmailSiteExtensions.Plain(rolledBack));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var outbox = sp.GetRequiredService<IEmailOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.SiteSettings.Add(new SiteSetting { Key = "Test:Saved", Value = "endorsed" });
            await outbox.EnqueueAsync(EmailSiteExtensions.Plain(saved));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });

        await site.DispatchAsync();

        Assert.Empty(await site.OutboxToAsync(rolledBack));
        Assert.Single(await maildev.WaitForAsync(saved));
        Assert.Empty(await maildev.MessagesToAsync(rolledBack));
        var settings = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().SiteSettings.Select(s => s.Key).ToListAsync());
        Assert.DoesNotContain("Test:RolledBack", settings);
        Assert.Contains("Test:Saved", settings);
    }

    [Fact]
    public async Task Line_breaks_in_the_subject_and_display_name_add_no_header_and_no_recipient()
    {
        var to = EmailSiteExtensions.NewAddress("injection");
        var bcc = EmailSiteExtensions.NewAddress("attacker");
        await site.QueueAsync(new EmailMessage
        {
            To = [new EmailAddress(to, $"Sam\r\nBcc: {bcc}\r\nX-Injected: name")],
            Subject = $"Hello\r\nBcc: {bcc}\r\nX-Injected: subject\n\nbody takeover",
            TextBody = "Text",
        });

        await site.DispatchAsync();

        var message = Assert.Single(await maildev.WaitForAsync(to));
        var headers = message.GetProperty("headers");
        Assert.False(headers.TryGetProperty("x-injected", out _));
        Assert.False(headers.TryGetProperty("bcc", out _));
        var envelope = message.GetProperty("envelope").GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString()).ToList();
        Assert.Equal([to], envelope);
        Assert.Empty(await maildev.MessagesToAsync(bcc));
        Assert.Equal($"Hello Bcc: {bcc} X-Injected: subject body takeover", message.GetProperty("subject").GetString());

        // In the raw message, no line starts a header of the attacker's.
        var source = await maildev.SourceAsync(message);
        var headerBlock = source[..source.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.DoesNotContain(headerBlock.Split("\r\n"), line => line.StartsWith("X-Injected", StringComparison.OrdinalIgnoreCase) || line.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("victim@example.gov.uk\r\nBcc: attacker@example.com")]
    [InlineData("victim@example.gov.uk, attacker@example.com")]
    [InlineData("Victim <victim@example.gov.uk>")]
    [InlineData("not an address")]
    public async Task An_address_that_is_not_one_plain_address_is_refused_and_nothing_is_queued(string address)
    {
        var before = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().CountAsync());

        await Assert.ThrowsAsync<ArgumentException>(() => site.QueueAsync(EmailSiteExtensions.Plain(address)));

        Assert.Equal(before, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().CountAsync()));
    }

    [Theory]
    [InlineData("http://accreditation.example.gov.uk/unsubscribe")]
    [InlineData("/unsubscribe")]
    [InlineData("https://accreditation.example.gov.uk/u>\r\nX-Injected: yes")]
    public async Task An_unsubscribe_url_that_is_not_absolute_https_is_refused(string url)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress()) with { UnsubscribeUrl = url }));
    }

    [Fact]
    public async Task A_templated_message_encodes_model_values_in_the_html_part_only()
    {
        var to = EmailSiteExtensions.NewAddress("template");
        await site.QueueAsync(new EmailMessage
        {
            To = [new EmailAddress(to)],
            Template = Startup.TestEmailTemplate,
            Model = new { sent_by = "<script>alert('x')</script> & Co" },
        });

        await site.DispatchAsync();

        var message = Assert.Single(await maildev.WaitForAsync(to));
        var html = message.GetProperty("html").GetString()!;
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("sent by <script>alert('x')</script> & Co", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Test email from Practice leader accreditation", message.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Two_dispatchers_running_at_once_send_each_message_exactly_once()
    {
        var addresses = Enumerable.Range(0, 40).Select(i => EmailSiteExtensions.NewAddress($"concurrent{i}")).ToList();
        var ids = new List<string>();
        foreach (var address in addresses)
        {
            ids.Add((await site.QueueAsync(EmailSiteExtensions.Plain(address))).MessageId);
        }

        // Two "nodes" claim from the same outbox at the same moment, in rounds of 10.
        site.Set("Email:Dispatch:BatchSize", "10");
        try
        {
            var rounds = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                var sent = 0;
                for (var i = 0; i < 6; i++)
                {
                    sent += (await site.DispatchAsync()).Sent;
                }

                return sent;
            })));
            Assert.Equal(addresses.Count, rounds.Sum());
        }
        finally
        {
            site.Set("Email:Dispatch:BatchSize", null);
        }

        foreach (var (address, id) in addresses.Zip(ids))
        {
            var delivered = await maildev.WaitForAsync(address);
            Assert.Equal(id, Assert.Single(delivered).GetProperty("messageId").GetString());
        }
    }
}
