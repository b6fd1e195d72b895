using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Accreditation.Benchmarks;

/// <summary>
/// Knowledge assessment sittings under load: the site on SQLite behind in-process Kestrel, S candidates starting their
/// sittings within 60 seconds, each saving an answer every 10 seconds for M minutes through the page's JSON endpoint.
/// Prints the error count and save latency percentiles, against the same save's latency on an idle site (baseline).
/// </summary>
public sealed partial class SittingsBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "sittings";

    /// <inheritdoc />
    public string Description => "Concurrent timed sittings saving answers on SQLite: [--sittings 2000] [--minutes 5] [--ramp-seconds 60]";

    /// <inheritdoc />
    public async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var count = arguments.Number("sittings", 2000);
        var minutes = arguments.Number("minutes", 5);
        var ramp = arguments.Number("ramp-seconds", 60);
        var port = FreePort();
        await using var site = new Site();
        site.UseKestrel(port);
        site.StartServer();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        Console.WriteLine($"Sittings benchmark: {count:N0} sittings started within {ramp} s, an answer saved every 10 s for {minutes} min each; {(site.IsPostgreSql ? "PostgreSQL" : "SQLite")} behind Kestrel; {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        var setup = Stopwatch.StartNew();
        var emails = await PrepareAsync(site, count);
        var candidates = new Candidate[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            candidates[i] = await Candidate.SignInAsync(baseAddress, emails[i]));
        Console.WriteLine($"Set-up: {count:N0} candidates enrolled and signed in in {setup.Elapsed.TotalSeconds:0.0} s");

        // Baseline: the same save, one at a time, on the otherwise idle site.
        var probe = await Candidate.SignInAsync(baseAddress, await PrepareAsync(site, 1, "probe").ContinueWith(t => t.Result[0]));
        await probe.StartAsync();
        var idle = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var (ok, ms) = await probe.SaveAsync(1 + (i % 5), i % 4);
            if (ok)
            {
                idle.Add(ms);
            }
        }

        var saves = new ConcurrentBag<double>();
        var starts = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<string>();
        var run = Stopwatch.StartNew();
        var tasks = candidates.Select((candidate, i) => Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(ramp * 1000.0 * i / count));
            var watch = Stopwatch.StartNew();
            try
            {
                await candidate.StartAsync();
                starts.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                errors.Enqueue($"start: {ex.Message}");
                return;
            }

            var began = Stopwatch.StartNew();
            for (var n = 0; n < minutes * 6; n++)
            {
                var due = TimeSpan.FromSeconds(10 * n) - began.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                try
                {
                    var (ok, ms) = await candidate.SaveAsync(1 + (n % 5), (n + i) % 4);
                    if (ok)
                    {
                        saves.Add(ms);
                    }
                    else
                    {
                        errors.Enqueue($"save refused after {ms:0} ms");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    errors.Enqueue($"save: {ex.Message}");
                }
            }
        })).ToList();
        await Task.WhenAll(tasks);
        run.Stop();

        var sorted = saves.Order().ToList();
        var idleSorted = idle.Order().ToList();
        var startSorted = starts.Order().ToList();
        Console.WriteLine($"Run: {run.Elapsed.TotalSeconds:0} s, {sorted.Count:N0} saves ({sorted.Count / run.Elapsed.TotalSeconds:0.0} saves/s), {startSorted.Count:N0} sittings started");
        Console.WriteLine($"Errors: {errors.Count}");
        foreach (var kind in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5))
        {
            Console.WriteLine($"  {kind.Count(),6} x {kind.Key}");
        }

        Console.WriteLine($"Start (assessment page + start + first question): p50 {Percentile(startSorted, 50):0.0} ms, p99 {Percentile(startSorted, 99):0.0} ms");
        Console.WriteLine($"Save under load: p50 {Percentile(sorted, 50):0.0} ms, p99 {Percentile(sorted, 99):0.0} ms, max {(sorted.Count == 0 ? 0 : sorted[^1]):0.0} ms");
        Console.WriteLine($"Save on the idle site (baseline, 50 saves): p50 {Percentile(idleSorted, 50):0.0} ms, p99 {Percentile(idleSorted, 99):0.0} ms; under load p50 is {Percentile(sorted, 50) / Math.Max(0.001, Percentile(idleSorted, 50)):0.0}x the baseline");
        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }

        probe.Dispose();
        return errors.IsEmpty ? 0 : 1;
    }

    private static double Percentile(IReadOnlyList<double> sorted, int p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Creates the programme, a bank of 10 live items, the blueprint (5 items, 60 minutes) and enrolled candidates; returns their emails.</summary>
    private static Task<List<string>> PrepareAsync(Site site, int count, string prefix = "bench") => site.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        var window = await db.Set<AssessmentWindow>().FirstOrDefaultAsync(w => w.Name == "Benchmark window");
        if (window is null)
        {
            var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync("""
                { "name": "benchmark", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "Benchmark programme", "framework": "practice-leader",
                    "windows": [ { "name": "Benchmark window", "opens": "2020-01-01", "closes": "2099-12-31", "capacity": 1000000 } ] } ] } ] }
                """);
            if (!recipe.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", recipe.Errors));
            }

            window = await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Benchmark window");
            var items = Enumerable.Range(1, 10).Select(n => new ItemDraft($"B-{n:00}", n % 3 == 0 ? "Multiple" : "Single", "General", [1 + (n % 6)], null, null,
                $"Benchmark question {n}?", ["First option", "Second option", "Third option", "Fourth option"], n % 3 == 0 ? [1, 3] : [2], n % 3 == 0, null, "Live")).ToList();
            var saved = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(items, "benchmark", default);
            if (!saved.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", saved.Errors.Select(e => e.Message)));
            }

            db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = window.ProgrammeId, Rules = "General=5", TimeLimitMinutes = 60, PassMarkPercent = 60 });
            await db.SaveChangesAsync();
        }

        var users = sp.GetRequiredService<UserManager<Core.Identity.PlatformUser>>();
        var emails = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"{prefix}-{i}-{Guid.NewGuid():N}@example.gov.uk";
            var user = new Core.Identity.PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Candidate {i}" };
            var created = await users.CreateAsync(user, People.Password);
            if (!created.Succeeded || !(await users.AddToRoleAsync(user, Roles.Candidate)).Succeeded)
            {
                throw new InvalidOperationException($"Candidate {email} could not be created.");
            }

            db.Add(new Enrolment { Id = Guid.NewGuid(), WindowId = window.Id, CandidateId = user.Id, EnrolledAt = DateTimeOffset.UtcNow });
            emails.Add(email);
        }

        await db.SaveChangesAsync();
        return emails;
    });

    /// <summary>One candidate's browser: its own connection and cookies.</summary>
    private sealed partial class Candidate : IDisposable
    {
        private readonly HttpClient client;
        private readonly Dictionary<int, string[]> options = [];
        private string token = "";
        private string? saveUrl;

        private Candidate(Uri baseAddress)
        {
            client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(30) })
            {
                BaseAddress = baseAddress,
                Timeout = TimeSpan.FromSeconds(60),
            };
        }

        public static async Task<Candidate> SignInAsync(Uri baseAddress, string email)
        {
            var candidate = new Candidate(baseAddress);
            var form = await candidate.client.GetStringAsync("/account/sign-in");
            var response = await candidate.client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = People.Password,
                ["__RequestVerificationToken"] = Token(form),
            }));
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"Sign-in of {email} answered {(int)response.StatusCode}.");
            }

            return candidate;
        }

        /// <summary>Opens the assessment page, starts the sitting and opens its first question (for the save token).</summary>
        public async Task StartAsync()
        {
            var page = await client.GetStringAsync("/assessment");
            var enrolment = EnrolmentPattern().Match(page);
            if (!enrolment.Success)
            {
                throw new InvalidOperationException("The assessment page offers no start.");
            }

            var start = await client.PostAsync(WebUtility.HtmlDecode(enrolment.Groups[1].Value), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(page) }));
            if (start.StatusCode != HttpStatusCode.Redirect || start.Headers.Location is null)
            {
                throw new InvalidOperationException($"Start answered {(int)start.StatusCode}.");
            }

            var question = await client.GetStringAsync(start.Headers.Location.OriginalString);
            token = Token(question);
            saveUrl = SaveUrlPattern().Match(question).Groups[1].Value;

            // Option values are tokens of this sitting, not the authored order: read each question's once, before timing saves.
            var first = start.Headers.Location.OriginalString;
            for (var position = 1; position <= 5; position++)
            {
                var response = await client.GetAsync(first[..(first.LastIndexOf('/') + 1)] + position.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    break;
                }

                options[position] = OptionPattern().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToArray();
            }
        }

        /// <summary>Saves an answer; whether it was accepted and how long it took.</summary>
        public async Task<(bool Ok, double Milliseconds)> SaveAsync(int position, int choice)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, saveUrl)
            {
                Content = JsonContent.Create(new { position, choices = new[] { options.TryGetValue(position, out var values) && values.Length > 0 ? values[choice % values.Length] : "" }, changedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }),
            };
            request.Headers.Add("X-CSRF-TOKEN", token);
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return (response.StatusCode == HttpStatusCode.OK, watch.Elapsed.TotalMilliseconds);
        }

        public void Dispose() => client.Dispose();

        private static string Token(string html) =>
            TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();

        [GeneratedRegex("action=\"([^\"]*handler=Start[^\"]*)\"")]
        private static partial Regex EnrolmentPattern();

        [GeneratedRegex("name=\"Choices\" type=\"(?:radio|checkbox)\" value=\"([^\"]+)\"")]
        private static partial Regex OptionPattern();

        [GeneratedRegex("data-save-url=\"([^\"]+)\"")]
        private static partial Regex SaveUrlPattern();
    }

    /// <summary>The site on its own SQLite database, on the real clock, with cheap password hashing so set-up takes seconds.</summary>
    private sealed class Site : PlatformFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Email:Dispatch:Enabled"] = "false",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(TimeProvider.System);
                services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
            });
        }
    }
}
