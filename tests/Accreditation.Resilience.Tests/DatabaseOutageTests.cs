using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Accreditation.Resilience.Tests;

/// <summary>
/// A site process on a PostgreSQL server of the test's own (so stopping it disturbs no other test), and the in-process
/// site that made its database. Only the PostgreSQL leg starts them: the SQLite leg has no database server to lose.
/// </summary>
public sealed class OutageSite : IAsyncLifetime
{
    /// <summary>The server the test stops and starts.</summary>
    public ThrowawayPostgres Server { get; private set; } = null!;

    /// <summary>The set-up site (null on the SQLite leg).</summary>
    public PlatformFactory? Site { get; private set; }

    /// <summary>Whether this run is the PostgreSQL leg.</summary>
    public static bool IsPostgreSqlLeg =>
        string.Equals(Environment.GetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER"), DatabaseSettings.PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (!IsPostgreSqlLeg)
        {
            return;
        }

        Server = await ThrowawayPostgres.StartNewAsync();
        Site = new OwnServerSite(Server.ConnectionString);
        _ = Site.Server;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    private sealed class OwnServerSite(string server) : PlatformFactory
    {
        protected override string? PostgresServer => server;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["BackgroundTasks:Enabled"] = "false" };
    }
}

/// <summary>
/// PostgreSQL stopped and started under load: meanwhile /health/ready answers 503 and pages answer at once with a clear
/// message; afterwards the site recovers by itself and every write it acknowledged is there.
/// </summary>
public sealed class DatabaseOutageTests(OutageSite outage) : IClassFixture<OutageSite>
{
    private const string Password = "harbour thistle copper 17";

    [Fact]
    public async Task While_PostgreSQL_is_down_the_site_says_so_and_afterwards_recovers_by_itself_losing_nothing_acknowledged()
    {
        // PostgreSQL only: on the SQLite leg the database is a file inside the process, with no server to stop. The
        // SQLite leg's crash tests (CrashTests) cover losing the process itself.
        if (!OutageSite.IsPostgreSqlLeg)
        {
            return;
        }

        var site = outage.Site!;
        var email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        var userId = await site.CreatePersonAsync(email, [Roles.Candidate], password: Password);
        var key = await site.EnableTwoFactorAsync(email);
        var settings = site.ProcessSettings();
        settings["AppData:Path"] = Path.Combine(site.AppDataPath, "node");
        settings["Files:Path"] = site.AppDataPath;
        settings["BackgroundTasks:Enabled"] = "true";
        await using var node = await SiteProcess.StartAsync(settings);
        using var client = node.CreateClient(new CookieContainer());
        await client.SignInOverHttpAsync(email, Password, key);
        using var probe = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };

        // A writer records CPD all along; each record it was told was saved must survive.
        var acknowledged = new ConcurrentQueue<string>();
        var refusals = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                var title = $"Outage reading {n} {Guid.NewGuid():N}"[..36];
                try
                {
                    var response = await client.PostFormAsync("/cpd/records/new", new Dictionary<string, string>
                    {
                        ["Input.ActivityType"] = "Reading",
                        ["Input.Title"] = title,
                        ["Input.DateDay"] = date.Day.ToString(CultureInfo.InvariantCulture),
                        ["Input.DateMonth"] = date.Month.ToString(CultureInfo.InvariantCulture),
                        ["Input.DateYear"] = date.Year.ToString(CultureInfo.InvariantCulture),
                        ["Input.Hours"] = "1",
                        ["Input.Description"] = $"{title}: what the reading was ({Guid.NewGuid():N}).",
                        ["Input.Learning"] = $"Learning {Guid.NewGuid():N}",
                        ["Input.Impact"] = $"Impact {Guid.NewGuid():N}",
                    });
                    if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/cpd")
                    {
                        acknowledged.Enqueue(title);
                    }
                    else
                    {
                        refusals.Enqueue($"{(int)response.StatusCode}");
                    }
                }
                catch (InvalidOperationException e)
                {
                    refusals.Enqueue(e.Message); // the form page itself was an error page, with no token
                }

                await Task.Delay(50, CancellationToken.None);
            }
        });

        // The outage comes while the writer is saving: once it has had a few records acknowledged.
        Assert.True(await CrashedSite.WithinAsync(TimeSpan.FromSeconds(30), () => Task.FromResult(acknowledged.Count >= 3)),
            $"Nothing was saved before the outage: {string.Join(", ", refusals.TakeLast(5))}");
        await outage.Server.StopAsync();
        try
        {
            // Meanwhile: not ready, and a page answers at once with a clear message, not a hang and not a blank 500.
            Assert.True(await CrashedSite.WithinAsync(TimeSpan.FromSeconds(10), async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable),
                "/health/ready did not answer 503 while the database was down.");
            var watch = Stopwatch.StartNew();
            var page = await client.GetAsync("/cpd");
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"A page took {watch.Elapsed} to answer while the database was down.");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Sorry, the service is unavailable", html, StringComparison.Ordinal);
            Assert.Contains("Try again in a few minutes", html, StringComparison.Ordinal);
            await Task.Delay(1000); // the writer keeps trying meanwhile
        }
        finally
        {
            await outage.Server.StartAsync();
        }

        // Afterwards: ready again and saving again, by itself.
        Assert.True(await CrashedSite.WithinAsync(TimeSpan.FromSeconds(30), async () => (await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK),
            $"/health/ready did not answer 200 after the database came back:\n{node.Output[^Math.Min(4000, node.Output.Length)..]}");
        var atRecovery = acknowledged.Count;
        Assert.True(await CrashedSite.WithinAsync(TimeSpan.FromSeconds(30), () => Task.FromResult(acknowledged.Count > atRecovery + 2)),
            $"No write was acknowledged after the database came back: {string.Join(", ", refusals.TakeLast(5))}");
        await stop.CancelAsync();
        await writer;

        Assert.NotEmpty(refusals); // the outage was felt
        NpgsqlConnection.ClearAllPools(); // the set-up site's pooled connections died with the server
        var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>()
            .Where(r => r.OwnerId == userId).Select(r => r.Title).ToListAsync());
        Assert.Empty(acknowledged.Except(stored));
    }
}
