using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications.Sending;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Notifications.Tests;

/// <summary>A site that sends to maildev; tests run the dispatcher themselves (the background one is off).</summary>
public class MaildevSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Email:From"] = "no-reply@accreditation.example.gov.uk",
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Maildev.Instance.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:Dispatch:Enabled"] = "false",
        ["Email:Dispatch:MaxAttempts"] = "3",
        ["Email:Dispatch:RetryDelaySeconds"] = "60",
        ["RateLimits:SignInPerMinute"] = "1000", // tests sign in far more often than people do
    };
}

/// <summary>A site whose background dispatcher runs (every 10 s of its fake clock), sending to maildev.</summary>
public sealed class BackgroundDispatchSite : MaildevSite
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Email:Dispatch:Enabled"] = "true";
            settings["Email:Dispatch:IntervalSeconds"] = "10";
            return settings;
        }
    }
}

/// <summary>A site with no SMTP settings at all: the embedded default, a pickup folder under App_Data.</summary>
public sealed class PickupFolderSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Email:Dispatch:Enabled"] = "false",
    };
}

/// <summary>What email tests do to a site: queue, dispatch, read the outbox, change settings.</summary>
public static class EmailSiteExtensions
{
    /// <summary>Queues a message and saves it, as a module would in its own unit of work.</summary>
    public static Task<QueuedEmail> QueueAsync(this PlatformFactory site, EmailMessage message) =>
        site.WithScopeAsync(async sp =>
        {
            var queued = await sp.GetRequiredService<IEmailOutbox>().EnqueueAsync(message);
            await sp.GetRequiredService<AccreditationDbContext>().SaveChangesAsync();
            return queued;
        });

    /// <summary>A plain message to one address.</summary>
    public static EmailMessage Plain(string to, string subject = "Your portfolio was endorsed") => new()
    {
        To = [new EmailAddress(to, "Sam Candidate")],
        Subject = subject,
        TextBody = "Your employer endorsed your portfolio.",
        HtmlBody = "<p>Your employer endorsed your portfolio.</p>",
    };

    /// <summary>Runs one dispatch round.</summary>
    public static Task<DispatchRound> DispatchAsync(this PlatformFactory site) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<EmailDispatcher>().DispatchAsync());

    /// <summary>The outbox row.</summary>
    public static Task<OutboxEmail> OutboxAsync(this PlatformFactory site, Guid id) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking().SingleAsync(m => m.Id == id));

    /// <summary>Outbox rows addressed to the address.</summary>
    public static Task<List<OutboxEmail>> OutboxToAsync(this PlatformFactory site, string address) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(m => m.RecipientAddresses.Contains(address)).ToListAsync());

    /// <summary>Changes a setting while the site runs (the dispatcher reads settings every round).</summary>
    public static void Set(this PlatformFactory site, string key, string? value) =>
        site.Services.GetRequiredService<IConfiguration>()[key] = value;

    /// <summary>Points the site's SMTP settings at a loopback port.</summary>
    public static void UseSmtpPort(this PlatformFactory site, int port, string security = "None")
    {
        site.Set("Email:Smtp:Host", "127.0.0.1");
        site.Set("Email:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        site.Set("Email:Smtp:Security", security);
    }

    /// <summary>A recipient address no other test uses.</summary>
    public static string NewAddress(string who = "person") => $"{who}.{Guid.NewGuid():N}@example.gov.uk";
}
