using System.Diagnostics;
using System.Globalization;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications.Sending;
using Accreditation.Notifications;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Benchmarks;

/// <summary>
/// "email [--count N] [--batch B] [--connections C] [--baseline-count M] [--smtp-port P --maildev-url URL]": queues
/// messages and dispatches them to maildev on 127.0.0.1 through the real outbox and dispatcher: with a new connection
/// per message (the baseline), with one connection reused per batch, and with C connections each reused; prints
/// messages per second for each and the ratio to the baseline.
/// </summary>
public sealed class EmailBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "email";

    /// <inheritdoc />
    public string Description => "Outbox dispatch to local SMTP: connection reuse vs a connection per message [--count 10000] [--connections 2]";

    /// <inheritdoc />
    public async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var count = arguments.Number("count", 10_000);
        var batch = arguments.Number("batch", 500);
        var parallel = arguments.Number("connections", 2);
        // A new connection per message costs about 0.1 s against maildev, so the baseline runs on a sample by default.
        var baselineCount = arguments.Number("baseline-count", Math.Min(count, 500));
        if (arguments.Text("smtp-port") is { } port)
        {
            Environment.SetEnvironmentVariable("ACCREDITATION_TEST_SMTP_PORT", port);
            Environment.SetEnvironmentVariable("ACCREDITATION_TEST_MAILDEV_URL", arguments.Text("maildev-url") ?? "http://127.0.0.1:1080");
        }

        var maildev = Maildev.Instance; // the one ./test.sh or the environment names, else started from .test-output/tools
        await using var site = new Site(maildev.SmtpPort);
        _ = site.Server;
        Console.WriteLine($"Email dispatch through the outbox to maildev at 127.0.0.1:{maildev.SmtpPort}; {batch} messages claimed per round; {(site.IsPostgreSql ? "PostgreSQL" : "SQLite")} outbox; {Environment.ProcessorCount} cores");

        var baseline = await MeasureAsync(site, maildev, baselineCount, batch, connections: 1, connectionPerMessage: true);
        Report($"new connection per message (baseline)", baselineCount, baseline);
        var reuse = await MeasureAsync(site, maildev, count, batch, connections: 1, connectionPerMessage: false);
        Report("one connection reused per batch", count, reuse, baseline);
        if (parallel > 1)
        {
            var reuseParallel = await MeasureAsync(site, maildev, count, batch, connections: parallel, connectionPerMessage: false);
            Report($"{parallel} connections, each reused", count, reuseParallel, baseline);
        }

        return 0;
    }

    private static void Report(string label, int count, double rate, double? baseline = null) =>
        Console.WriteLine($"{label,-40} {count,7:N0} messages {rate.ToString("0", CultureInfo.InvariantCulture),7} messages/s" +
            (baseline is { } b ? $"   {(rate / b).ToString("0.0", CultureInfo.InvariantCulture)}x the baseline" : ""));

    /// <summary>Queues the messages, dispatches them all and returns messages per second of the dispatch.</summary>
    private static async Task<double> MeasureAsync(Site site, Maildev maildev, int count, int batch, int connections, bool connectionPerMessage)
    {
        await QueueAsync(site, count);
        var elapsed = await site.WithScopeAsync(async sp =>
        {
            var settings = EmailSettings.Read(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseSettings>(), sp.GetRequiredService<IHostEnvironment>())
                with { BatchSize = batch, Connections = connections, ConnectionPerMessage = connectionPerMessage };
            var dispatcher = sp.GetRequiredService<EmailDispatcher>();
            var watch = Stopwatch.StartNew();
            var result = await dispatcher.DrainAsync(settings);
            watch.Stop();
            if (result.Sent != count)
            {
                throw new InvalidOperationException($"Expected {count} messages sent, the dispatcher sent {result.Sent} ({result.Failed} failed, {result.Dead} dead).");
            }

            return watch.Elapsed;
        });
        var pending = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().CountAsync(m => m.Status != OutboxStatus.Sent));
        if (pending != 0)
        {
            throw new InvalidOperationException($"{pending} messages were not sent.");
        }

        await maildev.DeleteAllAsync();
        return count / elapsed.TotalSeconds;
    }

    private static async Task QueueAsync(Site site, int count)
    {
        for (var done = 0; done < count; done += 500)
        {
            await site.WithScopeAsync(async sp =>
            {
                var outbox = sp.GetRequiredService<IEmailOutbox>();
                for (var i = done; i < Math.Min(count, done + 500); i++)
                {
                    await outbox.EnqueueAsync(new EmailMessage
                    {
                        To = [new EmailAddress($"candidate{i}@example.gov.uk", $"Candidate {i}")],
                        Template = Startup.TestEmailTemplate,
                        Model = new { sent_by = "the email benchmark" },
                    });
                }

                await sp.GetRequiredService<AccreditationDbContext>().SaveChangesAsync();
            });
        }
    }

    /// <summary>The whole site on its own database, sending to maildev; the background dispatcher is off so only the benchmark sends.</summary>
    private sealed class Site(int smtpPort) : PlatformFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Dispatch:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }
}
