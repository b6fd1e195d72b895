using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Accreditation.Web.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Benchmarks;

/// <summary>
/// Throughput of 1, 2 and 3 site processes on one database behind the cluster proxy: the same mix of public pages
/// (home, research searches, updates) driven by concurrent clients for a fixed time per layout. On PostgreSQL when
/// ACCREDITATION_TEST_POSTGRES is set (./test.sh shows how to start one), otherwise on a shared SQLite file.
/// </summary>
public sealed class ClusterBenchmark : IBenchmark
{
    private static readonly string[] PagesToRead =
    [
        "/", "/research?q=children+missing+from+care", "/updates", "/research?q=neglect+assessment", "/research",
    ];

    /// <inheritdoc />
    public string Name => "cluster";

    /// <inheritdoc />
    public string Description => "requests/s of 1..N site processes behind the proxy: cluster [--nodes 3] [--seconds 20] [--concurrency 16] [--items 2000]";

    /// <inheritdoc />
    public async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var maxNodes = arguments.Number("nodes", 3);
        var seconds = arguments.Number("seconds", 20);
        var concurrency = arguments.Number("concurrency", 16);
        var items = arguments.Number("items", 2000);
        if (Environment.GetEnvironmentVariable("ACCREDITATION_TEST_POSTGRES") is { Length: > 0 })
        {
            Environment.SetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER", "PostgreSql");
        }

        await using var site = new SetUpSite();
        _ = site.Server;
        Console.WriteLine($"Provider {site.Provider}; {Environment.ProcessorCount} cores; {items} research items; {concurrency} clients; {seconds} s a layout.");
        await AddItemsAsync(site, items);
        var settings = site.ProcessSettings();
        settings["BackgroundTasks:Enabled"] = "true";
        settings["Research:Semantic:Enabled"] = "false";
        settings["Logging:LogLevel:Default"] = "Warning";

        var results = new List<(int Nodes, double PerSecond, double P50, double P99, long Errors)>();
        for (var n = 1; n <= maxNodes; n++)
        {
            var nodes = new List<SiteProcess>();
            try
            {
                for (var i = 0; i < n; i++)
                {
                    var own = new Dictionary<string, string?>(settings) { ["AppData:Path"] = Path.Combine(site.AppDataPath, $"node-{n}-{i}") };
                    nodes.Add(await SiteProcess.StartAsync(own));
                }

                await using var proxy = await ClusterProxy.StartAsync("http://127.0.0.1:0", [.. nodes.Select(x => x.Address)]);
                await DriveAsync(proxy.Address, concurrency, TimeSpan.FromSeconds(Math.Min(5, seconds))); // warm-up, index built
                var (count, latencies, errors) = await DriveAsync(proxy.Address, concurrency, TimeSpan.FromSeconds(seconds));
                latencies.Sort();
                var result = (n, count / (double)seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors);
                results.Add(result);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n} node(s): {result.Item2,8:F1} requests/s  p50 {result.Item3,7:F1} ms  p99 {result.Item4,7:F1} ms  errors {errors}  ({string.Join("/", proxy.Forwarded)} by node)"));
            }
            finally
            {
                foreach (var node in nodes)
                {
                    await node.DisposeAsync();
                }
            }
        }

        var baseline = results[0].PerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cluster: nodes={string.Join(",", results.Select(r => r.Nodes))} rps={string.Join(",", results.Select(r => r.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))} ratio_max={results.Max(r => r.PerSecond) / baseline:F2} errors={results.Sum(r => r.Errors)}"));
        return results.Sum(r => r.Errors) == 0 ? 0 : 1;
    }

    private static async Task AddItemsAsync(PlatformFactory site, int count)
    {
        string[] topics = ["children missing from care", "neglect assessment", "adolescents at risk of exploitation", "family group conferences", "reflective supervision", "domestic abuse", "kinship care"];
        await site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            for (var i = 0; i < count; i++)
            {
                var topic = topics[i % topics.Length];
                library.Add(new ResearchItem
                {
                    Title = $"Study {i} of {topic}",
                    Abstract = $"What practitioners found about {topic} in authority {i % 153}; messages for practice and supervision.",
                    Year = 2000 + (i % 25),
                    Type = ResearchItemType.ResearchReview,
                    Access = ResearchAccess.Public,
                    IsPublished = true,
                });
                if (i % 500 == 499)
                {
                    await library.Db.SaveChangesAsync();
                }
            }

            await library.Db.SaveChangesAsync();
        });
    }

    private static async Task<(long Count, List<double> Latencies, long Errors)> DriveAsync(Uri address, int concurrency, TimeSpan length)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseCookies = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new ConcurrentBag<double>();
        long errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var i = worker;
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(PagesToRead[i++ % PagesToRead.Length]);
                    await response.Content.CopyToAsync(Stream.Null);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return (latencies.Count, [.. latencies], errors);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed class SetUpSite : PlatformFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["BackgroundTasks:Enabled"] = "false" };
    }
}
