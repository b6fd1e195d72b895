using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Testing;

namespace Accreditation.Notifications.Tests;

/// <summary>Failures: the server down, a refusal, a connection lost mid-message. Retries back off; nothing arrives twice.</summary>
public sealed class RetryTests(MaildevSite site) : IClassFixture<MaildevSite>
{
    private readonly Maildev maildev = Maildev.Instance;

    [Fact]
    public async Task While_the_smtp_server_is_down_messages_stay_queued_and_back_off_then_arrive_once_when_it_returns()
    {
        site.UseSmtpPort(Maildev.FreePort()); // nothing listens there
        site.Set("Email:Dispatch:MaxAttempts", "8");
        var addresses = Enumerable.Range(0, 3).Select(i => EmailSiteExtensions.NewAddress($"down{i}")).ToList();
        var queued = new List<QueuedEmail>();
        foreach (var address in addresses)
        {
            queued.Add(await site.QueueAsync(EmailSiteExtensions.Plain(address)));
        }

        var start = site.Clock.GetUtcNow();
        var first = await site.DispatchAsync();
        Assert.Equal(0, first.Sent);
        foreach (var q in queued)
        {
            var row = await site.OutboxAsync(q.Id);
            Assert.Equal(OutboxStatus.Failed, row.Status);
            Assert.Equal(1, row.Attempts);
            Assert.Equal(start + TimeSpan.FromSeconds(60), row.NextAttemptAt);
            Assert.Contains("Could not open an SMTP session", row.LastError, StringComparison.Ordinal);
        }

        // Not due yet: no attempt is made.
        site.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await site.DispatchAsync()).Claimed);
        Assert.Equal(1, (await site.OutboxAsync(queued[0].Id)).Attempts);

        // Due: the second attempt fails too and waits twice as long.
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        await site.DispatchAsync();
        var second = await site.OutboxAsync(queued[0].Id);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(site.Clock.GetUtcNow() + TimeSpan.FromSeconds(120), second.NextAttemptAt);

        // The server comes back; at the next due time everything goes, once.
        site.UseSmtpPort(maildev.SmtpPort);
        site.Clock.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, (await site.DispatchAsync()).Claimed);
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        var back = await site.DispatchAsync();
        Assert.Equal(3, back.Sent);
        await site.DispatchAsync();
        site.Clock.Advance(TimeSpan.FromHours(1));
        await site.DispatchAsync();

        foreach (var (address, q) in addresses.Zip(queued))
        {
            var delivered = Assert.Single(await maildev.WaitForAsync(address));
            Assert.Equal(q.MessageId, delivered.GetProperty("messageId").GetString());
            var row = await site.OutboxAsync(q.Id);
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.Equal(3, row.Attempts);
        }
    }

    [Fact]
    public async Task A_server_that_refuses_the_recipient_sends_the_message_to_dead_letter_after_the_configured_attempts_and_an_admin_can_retry_it()
    {
        await using var stub = new SmtpStub(StubBehaviour.RefuseRecipients);
        site.UseSmtpPort(stub.Port);
        site.Set("Email:Dispatch:MaxAttempts", "3");
        var to = EmailSiteExtensions.NewAddress("refused");
        var queued = await site.QueueAsync(EmailSiteExtensions.Plain(to));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var round = await site.DispatchAsync();
            Assert.Equal(1, round.Claimed);
            var row = await site.OutboxAsync(queued.Id);
            Assert.Equal(attempt, row.Attempts);
            Assert.Equal(attempt < 3 ? OutboxStatus.Failed : OutboxStatus.Dead, row.Status);
            Assert.Contains("550", row.LastError, StringComparison.Ordinal);
            site.Clock.Advance(TimeSpan.FromHours(1));
        }

        // Dead stays dead: no further attempts however long we wait.
        site.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, (await site.DispatchAsync()).Claimed);
        Assert.Equal(3, stub.Commands.Count(c => c.StartsWith("RCPT", StringComparison.Ordinal)));
        Assert.Empty(stub.Messages);

        // The dead message is on the admin page with a retry button; retrying queues it, and it goes once the server accepts.
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var page = await client.GetDocumentAsync("/admin/email?status=Dead&q=" + Uri.EscapeDataString(to));
        var listed = page.QuerySelector($"tr[data-message-id='{queued.MessageId}']");
        Assert.NotNull(listed);
        Assert.Contains("Dead", listed.TextContent, StringComparison.Ordinal);
        var retry = await client.PostFormAsync("/admin/email?status=Dead", new Dictionary<string, string> { ["id"] = queued.Id.ToString() }, "/admin/email?handler=Retry");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, retry.StatusCode);
        var requeued = await site.OutboxAsync(queued.Id);
        Assert.Equal(OutboxStatus.Queued, requeued.Status);
        Assert.Equal(0, requeued.Attempts);

        // A second retry of the same message (a double click) is refused with 409: it is not dead any more.
        var again = await client.PostFormAsync("/admin/email/test", new Dictionary<string, string> { ["id"] = queued.Id.ToString() }, "/admin/email?handler=Retry");
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);

        site.UseSmtpPort(maildev.SmtpPort);
        await site.DispatchAsync();
        var delivered = Assert.Single(await maildev.WaitForAsync(to));
        Assert.Equal(queued.MessageId, delivered.GetProperty("messageId").GetString());
        Assert.Equal(OutboxStatus.Sent, (await site.OutboxAsync(queued.Id)).Status);
    }

    [Fact]
    public async Task A_connection_lost_after_the_message_data_is_retried_with_the_same_message_id_and_arrives_once()
    {
        await using var stub = new SmtpStub(StubBehaviour.DropAfterData);
        site.UseSmtpPort(stub.Port);
        site.Set("Email:Dispatch:MaxAttempts", "8");
        var to = EmailSiteExtensions.NewAddress("unclear");
        var queued = await site.QueueAsync(EmailSiteExtensions.Plain(to));

        await site.DispatchAsync();

        // The server received the whole message but never said so: not marked sent, retried later.
        var data = Assert.Single(stub.Messages);
        Assert.Contains($"Message-Id: <{queued.MessageId}>", data, StringComparison.OrdinalIgnoreCase);
        var row = await site.OutboxAsync(queued.Id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("Unclear whether the server took the message", row.LastError, StringComparison.Ordinal);

        site.UseSmtpPort(maildev.SmtpPort);
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        await site.DispatchAsync();

        var delivered = Assert.Single(await maildev.WaitForAsync(to));
        Assert.Equal(queued.MessageId, delivered.GetProperty("messageId").GetString());
        Assert.Equal(OutboxStatus.Sent, (await site.OutboxAsync(queued.Id)).Status);
    }

    [Fact]
    public async Task A_batch_goes_through_one_smtp_connection()
    {
        await using var stub = new SmtpStub(StubBehaviour.Accept);
        site.UseSmtpPort(stub.Port);
        var queued = new List<QueuedEmail>();
        for (var i = 0; i < 5; i++)
        {
            queued.Add(await site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress($"batch{i}"))));
        }

        var round = await site.DispatchAsync();

        Assert.Equal(5, round.Sent);
        Assert.Equal(1, stub.Connections);
        Assert.Equal(5, stub.Messages.Count);
        Assert.Equal(1, stub.Commands.Count(c => c.StartsWith("EHLO", StringComparison.Ordinal)));
        site.UseSmtpPort(maildev.SmtpPort);
    }

    [Fact]
    public async Task A_round_with_three_connections_uses_three_and_sends_each_message_once()
    {
        await using var stub = new SmtpStub(StubBehaviour.Accept);
        site.UseSmtpPort(stub.Port);
        site.Set("Email:Dispatch:Connections", "3");
        try
        {
            var queued = new List<QueuedEmail>();
            for (var i = 0; i < 9; i++)
            {
                queued.Add(await site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress($"parallel{i}"))));
            }

            var round = await site.DispatchAsync();

            Assert.Equal(9, round.Sent);
            Assert.Equal(3, stub.Connections);
            foreach (var q in queued)
            {
                Assert.Single(stub.Messages, m => m.Contains($"<{q.MessageId}>", StringComparison.Ordinal));
                Assert.Equal(OutboxStatus.Sent, (await site.OutboxAsync(q.Id)).Status);
            }
        }
        finally
        {
            site.Set("Email:Dispatch:Connections", null);
            site.UseSmtpPort(maildev.SmtpPort);
        }
    }
}
