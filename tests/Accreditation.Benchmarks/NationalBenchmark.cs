using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Accreditation.Assessments.Data;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Cpd.Data;
using Accreditation.Identity.Organisations;
using Accreditation.Marking.Data;
using Accreditation.Notifications.Outbox;
using Accreditation.Portfolios.Data;
using Accreditation.Publishing.Data;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Accreditation.Testing.National;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Benchmarks;

/// <summary>
/// National scale on one machine: generates national-size data (issue 17's figures times --scale) through the real model,
/// hosts the site on Kestrel, signs in people of each role and times every main page over HTTP beside a bare ASP.NET
/// Core + EF Core endpoint in the same process running the page's main query. Prints p50/p99 and throughput per page, the
/// rows each page read, any hot query whose plan scans a big table, and one summary line.
/// </summary>
public sealed partial class NationalBenchmark : IBenchmark
{
    private const string BarePrefix = "/bare/";

    /// <inheritdoc />
    public string Name => "national";

    /// <inheritdoc />
    public string Description => "Every main page on national-size data over HTTP: [--scale 1.0] [--provider Sqlite|PostgreSql] [--connection CS] [--requests 200] [--concurrency 4] [--pages \"task list,CPD index\"]";

    /// <inheritdoc />
    public async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var scale = arguments.Fraction("scale", 1.0);
        var provider = arguments.Text("provider") ?? DatabaseSettings.Sqlite;
        if (!provider.Equals(DatabaseSettings.Sqlite, StringComparison.OrdinalIgnoreCase) && !provider.Equals(DatabaseSettings.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            throw new BenchmarkArgumentException("--provider must be Sqlite or PostgreSql.");
        }

        // The test site reads its provider and PostgreSQL server from the environment, as the test script sets them.
        Environment.SetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER", provider);
        if (arguments.Text("connection") is { } connection)
        {
            Environment.SetEnvironmentVariable("ACCREDITATION_TEST_POSTGRES", connection);
        }

        var requests = arguments.Number("requests", 200);
        var concurrency = arguments.Number("concurrency", 4);
        var warmup = arguments.Number("warmup", 20);
        var counts = NationalCounts.At(scale);
        var port = FreePort();
        var rows = new RowsRead();
        await using var site = new NationalSite(rows);
        site.UseKestrel(port);
        site.StartServer();
        var root = new Uri($"http://127.0.0.1:{port}");
        Console.WriteLine($"National benchmark at scale {scale.ToString(CultureInfo.InvariantCulture)}: {(site.IsPostgreSql ? "PostgreSQL" : "SQLite")} behind Kestrel; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"Data: {counts.Organisations} organisations, {counts.People:N0} people, {counts.CpdRecords:N0} CPD records, {counts.Portfolios:N0} portfolios x {counts.ItemsPerPortfolio} items, {counts.MarkingCases:N0} marking cases, {counts.Sittings:N0} sittings, {counts.ResearchItems:N0} research items, {counts.PracticeUpdates} practice updates, {counts.OutboxMessages:N0} outbox messages, {counts.AuditEntries:N0} audit entries");

        var watch = Stopwatch.StartNew();
        var probes = await new NationalData(site, counts) { Log = Console.WriteLine }.GenerateAsync();
        Console.WriteLine($"Generated in {watch.Elapsed.TotalSeconds:0.0} s");
        await AnalyzeAsync(site);
        await WaitForIndexAsync(site);

        var candidate = await Browser.SignInAsync(root, site, probes.CandidateEmail, NationalData.Password);
        var assessor = await Browser.SignInAsync(root, site, probes.AssessorEmail, NationalData.Password);
        var lead = await Browser.SignInAsync(root, site, probes.LeadEmail, NationalData.Password);
        var organisationAdmin = await Browser.SignInAsync(root, site, probes.OrganisationAdminEmail, NationalData.Password);
        var admin = await Browser.SignInAsync(root, site, PlatformFactory.AdminEmail, PlatformFactory.AdminPassword);
        var system = await Browser.SystemAsync(root, site, probes.LargestOrganisationId);
        var anonymous = new Browser(root);
        var practitioner = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.AsNoTracking().Where(u => u.Email == probes.CandidateEmail).Select(u => u.Id).SingleAsync());
        var assessorId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.AsNoTracking().Where(u => u.Email == probes.AssessorEmail).Select(u => u.Id).SingleAsync());
        site.Bare = new BareQueries(practitioner, probes.CandidateEnrolmentId, assessorId, probes.AssessorCaseId, probes.LargestOrganisationId, probes.CandidateSearch, probes.VerificationCode, probes.CpdYear);

        PageCase[] pages =
        [
            new("candidate home", candidate, "/portfolio", "candidate-home"),
            new("task list", candidate, $"/portfolio/{probes.CandidateEnrolmentId}", "task-list"),
            new("CPD index", candidate, "/cpd", "cpd-index"),
            new("CPD year", candidate, $"/cpd/years/{probes.CpdYear}", "cpd-year"),
            new("assessor queue", assessor, "/marking", "assessor-queue"),
            new("marking case", assessor, $"/marking/cases/{probes.AssessorCaseId}", "marking-case"),
            new("lead report", lead, "/marking/lead/report", "lead-report"),
            new("lead report CSV", lead, "/marking/lead/report?handler=Csv", "lead-report"),
            new("organisation CPD", organisationAdmin, "/organisation/cpd", "organisation-cpd"),
            new("admin people", admin, "/admin/people", "admin-people"),
            new("admin people search", admin, $"/admin/people?q={Uri.EscapeDataString(probes.CandidateSearch)}", "admin-people-search"),
            new("research search", candidate, "/research?q=supervision+family", "research-search"),
            new("practice updates", anonymous, "/updates", "updates"),
            new("updates Atom", anonymous, "/updates/feed.atom", "updates"),
            new("API practitioners", system, $"/api/v1/organisations/{probes.LargestOrganisationId}/practitioners", "api-practitioners"),
            new("API CPD", system, $"/api/v1/practitioners/{practitioner}/cpd", "api-cpd"),
            new("verify", anonymous, $"/verify/{probes.VerificationCode}", "verify"),
        ];

        // --pages times only the pages named (for profiling one page); the summary line then covers those.
        if (arguments.Text("pages") is { } only)
        {
            var names = only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = names.Where(n => !pages.Any(p => p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
            {
                throw new BenchmarkArgumentException($"--pages: no page called {string.Join(", ", unknown)}; the pages are {string.Join(", ", pages.Select(p => p.Name))}.");
            }

            pages = pages.Where(p => names.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        }

        var bare = new Browser(root);
        var results = new List<PageResult>();
        foreach (var page in pages)
        {
            var measured = await MeasureAsync(page.Client, page.Path, requests, concurrency, warmup);
            var baseline = await MeasureAsync(bare, BarePrefix + page.Bare, requests, concurrency, warmup);
            rows.RecordCommands = true;
            var reads = await ReadsOfAsync(rows, page.Client, page.Path);
            rows.RecordCommands = false;
            var scans = await FullScansAsync(site, reads);
            results.Add(new PageResult(page, measured, baseline, reads, scans));
            Console.WriteLine($"  {page.Name,-22} p50 {measured.P50,7:0.0} ms  p99 {measured.P99,7:0.0} ms  {measured.PerSecond,7:0.0} req/s | bare {baseline.PerSecond,7:0.0} req/s  ratio {measured.PerSecond / Math.Max(0.001, baseline.PerSecond),5:0.00} | {reads?.Rows ?? 0,6} rows, {reads?.Commands ?? 0,3} queries | errors {measured.Errors + baseline.Errors}");
            foreach (var scan in scans)
            {
                Console.WriteLine($"      full scan: {scan}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| page | p50 ms | p99 ms | req/s | bare req/s | ratio | rows read | full scans |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Page.Name} | {r.Measured.P50:0.0} | {r.Measured.P99:0.0} | {r.Measured.PerSecond:0.0} | {r.Baseline.PerSecond:0.0} | {r.Ratio:0.00} | {r.Reads?.Rows ?? 0} | {r.Scans.Count} |"));
        }

        var errors = results.Sum(r => r.Measured.Errors + r.Baseline.Errors);
        foreach (var problem in results.SelectMany(r => r.Measured.Problems.Concat(r.Baseline.Problems)).GroupBy(p => p).Take(10))
        {
            Console.WriteLine($"  {problem.Count(),5} x {problem.Key}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"national: pages={results.Count} p99_max_ms={results.Max(r => r.Measured.P99):0.0} ratio_min={results.Min(r => r.Ratio):0.00} errors={errors}"));
        return errors == 0 ? 0 : 1;
    }

    private sealed record PageCase(string Name, Browser Client, string Path, string Bare);

    private sealed record Timing(double P50, double P99, double PerSecond, int Errors, IReadOnlyList<string> Problems);

    private sealed record PageResult(PageCase Page, Timing Measured, Timing Baseline, RequestReads? Reads, IReadOnlyList<string> Scans)
    {
        public double Ratio => Measured.PerSecond / Math.Max(0.001, Baseline.PerSecond);
    }

    /// <summary>Warm-up requests, then <paramref name="count"/> requests from <paramref name="concurrency"/> workers; latency percentiles and throughput.</summary>
    private static async Task<Timing> MeasureAsync(Browser client, string path, int count, int concurrency, int warmup)
    {
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var i = 0; i < warmup; i++)
        {
            await client.TimeAsync(path, problems);
        }

        problems.Clear();
        var latencies = new double[count];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                latencies[i] = await client.TimeAsync(path, problems);
            }
        })));
        watch.Stop();
        Array.Sort(latencies);
        return new Timing(Percentile(latencies, 50), Percentile(latencies, 99), count / watch.Elapsed.TotalSeconds, problems.Count, [.. problems]);
    }

    /// <summary>One more request to the page, recording its SQL, to count its rows and read its plans.</summary>
    private static async Task<RequestReads?> ReadsOfAsync(RowsRead rows, Browser client, string path)
    {
        rows.Requests.Clear();
        await client.TimeAsync(path, new System.Collections.Concurrent.ConcurrentQueue<string>());
        return rows.Requests.LastOrDefault(r => !r.Path.StartsWith("/_", StringComparison.Ordinal));
    }

    /// <summary>The plan lines of the page's queries that scan a big table without an index.</summary>
    private static Task<IReadOnlyList<string>> FullScansAsync(NationalSite site, RequestReads? reads) => site.WithScopeAsync<IReadOnlyList<string>>(async sp =>
    {
        if (reads is null)
        {
            return [];
        }

        var db = sp.GetRequiredService<AccreditationDbContext>();
        var big = BigTables(db);
        var found = new List<string>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        // Reads only: EXPLAIN covers the first statement of a batch and would run the rest (an INSERT batch wrote rows
        // again); a page's writes go by primary key.
        foreach (var recorded in reads.Recorded.DistinctBy(c => c.Text).Where(c => IsRead(c.Text)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = (site.IsPostgreSql ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + recorded.Text;
            foreach (var (name, value, type) in recorded.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                parameter.DbType = type;
                command.Parameters.Add(parameter);
            }

            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var line = reader.GetString(reader.FieldCount - 1);
                    var scanned = site.IsPostgreSql ? SeqScan().Match(line) : SqliteScan().Match(line);
                    if (scanned.Success && big.Contains(scanned.Groups[1].Value.Trim('"')))
                    {
                        found.Add($"{line.Trim()}  <- {Shorten(recorded.Text)}");
                    }
                }
            }
            catch (DbException ex)
            {
                found.Add($"(no plan: {ex.Message.Split('\n')[0]}) <- {Shorten(recorded.Text)}");
            }
        }

        return found.Distinct().ToList();
    });

    private static bool IsRead(string sql)
    {
        var text = sql.TrimStart();
        return (text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("WITH", StringComparison.OrdinalIgnoreCase))
            && !text.TrimEnd().TrimEnd(';').Contains(';', StringComparison.Ordinal);
    }

    /// <summary>
    /// On PostgreSQL, gathers the planner's statistics after the bulk load, as autovacuum does within a minute or so
    /// on a live server; without them the planner takes every new table for empty and picks plans for empty tables.
    /// </summary>
    internal static async Task AnalyzeAsync(PlatformFactory site)
    {
        if (site.IsPostgreSql)
        {
            var watch = Stopwatch.StartNew();
            await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Database.ExecuteSqlRawAsync("ANALYZE"));
            Console.WriteLine($"Statistics gathered (ANALYZE) in {watch.Elapsed.TotalSeconds:0.0} s");
        }
    }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return flat.Length > 160 ? flat[..160] + "..." : flat;
    }

    /// <summary>The tables that hold national-size data (thousands of rows and more).</summary>
    private static HashSet<string> BigTables(AccreditationDbContext db)
    {
        Type[] types =
        [
            typeof(PlatformUser), typeof(CpdRecord), typeof(CpdStatementLink), typeof(Enrolment), typeof(Endorsement), typeof(EvidenceItem), typeof(EvidenceMapping), typeof(PortfolioFile),
            typeof(Submission), typeof(MarkingCase), typeof(AssessorMarking), typeof(StatementMark), typeof(Award), typeof(Sitting), typeof(ResearchItem), typeof(IndexTask),
            typeof(PracticeUpdate), typeof(OutboxEmail), typeof(AuditEntry),
        ];
        var names = types.Select(t => db.Model.FindEntityType(t)?.GetTableName()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        names.Add("AspNetUserRoles");
        return names;
    }

    /// <summary>The p-th percentile of sorted figures (nearest rank).</summary>
    internal static double Percentile(double[] sorted, int p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>A free loopback port for Kestrel.</summary>
    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Brings the research index up to date with every queued item (the search page is timed on the whole library).</summary>
    internal static async Task WaitForIndexAsync(PlatformFactory site)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(30))
        {
            var queue = await site.WithScopeAsync(async sp =>
            {
                var index = sp.GetRequiredService<Accreditation.Research.Indexing.ResearchIndex>();
                index.EnsureOpen();
                var checkpoint = index.Checkpoint;
                return await sp.GetRequiredService<AccreditationDbContext>().Set<IndexTask>().CountAsync(t => t.Id > checkpoint);
            });
            if (queue == 0)
            {
                Console.WriteLine($"Research index caught up in {watch.Elapsed.TotalSeconds:0.0} s");
                return;
            }

            // The site's clock is the test clock, which stands still: the worker's rounds are run here instead of on its timer.
            await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Research.Indexing.IndexWorker>().RunOnceAsync(sp));
        }

        Console.WriteLine("Research index still behind after 30 minutes; search is timed on part of the library.");
    }

    [GeneratedRegex(@"^\s*SCAN (\S+)(?!.*USING)")]
    private static partial Regex SqliteScan();

    [GeneratedRegex(@"Seq Scan on (\S+)")]
    private static partial Regex SeqScan();

    /// <summary>What the bare endpoints are about: the same people and records the pages show.</summary>
    private sealed record BareQueries(string CandidateId, Guid EnrolmentId, string AssessorId, Guid CaseId, Guid OrganisationId, string Search, string VerificationCode, string CpdYear)
    {
        /// <summary>Runs the main EF query of a page, as a bare endpoint would, and returns what it would serialise.</summary>
        public async Task<object> RunAsync(string name, AccreditationDbContext db, CancellationToken ct)
        {
            var year = Accreditation.Cpd.Records.RegistrationYear.TryParse(CpdYear, out var parsed) ? parsed : throw new InvalidOperationException($"'{CpdYear}' is not a CPD year.");
            return name switch
            {
                "candidate-home" => await db.Set<Enrolment>().AsNoTracking().Where(e => e.CandidateId == CandidateId)
                    .Select(e => new { e.Id, Window = e.Window!.Name, Programme = e.Window.Programme!.Name }).ToListAsync(ct),
                "task-list" => await db.Set<EvidenceItem>().AsNoTracking().Where(i => i.EnrolmentId == EnrolmentId)
                    .Select(i => new { i.Id, i.Title, i.Kind, Statements = i.Mappings.Select(m => m.StatementId).ToList() }).ToListAsync(ct),
                "cpd-index" or "cpd-year" => await db.Set<CpdRecord>().AsNoTracking().Where(r => r.OwnerId == CandidateId && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends)
                    .OrderByDescending(r => r.Date).Select(r => new { r.Id, r.Title, r.Date, r.Minutes, r.ActivityType }).ToListAsync(ct),
                "assessor-queue" => await db.Set<AssessorMarking>().AsNoTracking().Where(m => m.AssessorId == AssessorId && m.Status != MarkingStatus.Reallocated)
                    .OrderByDescending(m => m.AllocatedAt).Select(m => new { m.Id, m.Case!.CandidateNumber, m.Status, m.AllocatedAt }).Take(50).ToListAsync(ct),
                "marking-case" => await db.Set<AssessorMarking>().AsNoTracking().Where(m => m.CaseId == CaseId && m.AssessorId == AssessorId)
                    .Select(m => new { m.Id, m.Status, m.Case!.CandidateNumber, Snapshot = db.Set<Submission>().Where(s => s.Id == m.Case.SubmissionId).Select(s => s.SnapshotJson).FirstOrDefault() }).FirstOrDefaultAsync(ct) ?? new object(),
                "lead-report" => await db.Set<AssessorMarking>().AsNoTracking().Where(m => m.Status == MarkingStatus.Submitted)
                    .GroupBy(m => m.AssessorId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct),
                "organisation-cpd" => await db.Users.AsNoTracking().Where(u => u.OrganisationId == OrganisationId).OrderBy(u => u.DisplayName).Take(25)
                    .Select(u => new { u.Id, u.DisplayName, Minutes = db.Set<CpdRecord>().Where(r => r.OwnerId == u.Id && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends).Sum(r => r.Minutes) }).ToListAsync(ct),
                "admin-people" => new { Total = await db.Users.CountAsync(ct), People = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Take(20).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct) },
                "admin-people-search" => await db.Users.AsNoTracking().Where(u => u.DisplayName.Contains(Search) || u.Email!.Contains(Search)).OrderBy(u => u.DisplayName).Take(20)
                    .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct),
                "research-search" => await db.Set<ResearchItem>().AsNoTracking().Where(i => i.IsPublished).OrderByDescending(i => i.PublishedAt).Take(20)
                    .Select(i => new { i.Id, i.Title, i.Abstract }).ToListAsync(ct),
                "updates" => await db.Set<PracticeUpdate>().AsNoTracking().Where(u => u.Status == PublicationStatus.Published && u.Kind == PublicationKind.Update).OrderByDescending(u => u.PublishedAt).Take(20)
                    .Select(u => new { u.Slug, u.Title, u.Summary, u.PublishedAt }).ToListAsync(ct),
                "api-practitioners" => await db.Users.AsNoTracking().Where(u => u.OrganisationId == OrganisationId).OrderBy(u => u.DisplayName).Take(100)
                    .Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct),
                "api-cpd" => new { Minutes = await db.Set<CpdRecord>().Where(r => r.OwnerId == CandidateId && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends).SumAsync(r => r.Minutes, ct) },
                "verify" => await db.Set<Award>().AsNoTracking().Where(a => a.VerificationCode == VerificationCode).Select(a => new { a.HolderName, a.ProgrammeName, a.AwardedOn, a.ValidUntil }).FirstOrDefaultAsync(ct) ?? new object(),
                _ => throw new InvalidOperationException($"No bare query '{name}'."),
            };
        }
    }

    /// <summary>The site for the benchmark: the test site on its own database, with row counting and the bare endpoints in front.</summary>
    private sealed class NationalSite(RowsRead rows) : PlatformFactory
    {
        public BareQueries? Bare { get; set; }

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "1000000",
            ["RateLimits:TokenPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Email:Dispatch:Enabled"] = "false",
            ["Marking:AutoAllocate"] = "false",
            // Requests say they came through a TLS-terminating proxy at the test client address, as a production node behind a load balancer does.
            ["ForwardedHeaders:KnownProxies:0"] = TestClientAddress.Default.ToString(),
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                rows.AddTo(services);
                services.AddSingleton<IStartupFilter>(new BareEndpoints(this));
            });
        }

        /// <summary>The bare endpoints: routing, a scope, the DbContext, the query, JSON. No authentication, no pages.</summary>
        private sealed class BareEndpoints(NationalSite site) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Map(BarePrefix.TrimEnd('/'), bare => bare.Run(async context =>
                {
                    var db = context.RequestServices.GetRequiredService<AccreditationDbContext>();
                    var result = await site.Bare!.RunAsync(context.Request.Path.Value!.Trim('/'), db, context.RequestAborted);
                    await context.Response.WriteAsJsonAsync(result, context.RequestAborted);
                }));
                next(app);
            };
        }
    }
}
