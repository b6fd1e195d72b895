using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Accreditation.Testing.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Benchmarks;

/// <summary>
/// Sustained load: national data at --scale (as the national benchmark makes it), the site on Kestrel on loopback, and
/// --users signed-in people (candidates mostly; assessors, a lead assessor, platform admins) each looping for --minutes
/// over a weighted mix of real journeys through real forms with antiforgery tokens, with a seeded think time between
/// journeys. Every answer is checked. Prints per page count, p50, p99 and errors, requests/s, the working set every 10 s
/// (minute 2, or 20% of a short run, against the end) and GC figures; ends with one summary line.
/// </summary>
public sealed partial class LoadBenchmark : IBenchmark
{
    private static readonly string[] Words =
    [
        "supervision", "reflection", "family", "practice", "neglect", "adolescent", "exploitation", "kinship", "care", "leadership",
        "relationship", "assessment", "domestic", "abuse", "trauma", "attachment", "permanence", "fostering", "restorative", "systemic",
    ];

    /// <inheritdoc />
    public string Name => "load";

    /// <inheritdoc />
    public string Description => "Sustained mixed journeys of signed-in people: [--users 50] [--minutes 1] [--scale 0.02] [--provider Sqlite|PostgreSql] [--connection CS] [--think-ms 1000] [--seed 17]";

    /// <inheritdoc />
    public async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var users = arguments.Number("users", 50);
        var minutes = arguments.Fraction("minutes", 1.0);
        // 0.02 (800 people, 20,000 CPD records, 300 portfolios...) seeds in under a minute on two cores and still gives
        // 200 users a portfolio, a case or a sitting of their own.
        var scale = arguments.Fraction("scale", 0.02);
        var think = arguments.Number("think-ms", 1000, 0);
        var seed = arguments.Number("seed", 17, 0);
        var provider = arguments.Text("provider") ?? DatabaseSettings.Sqlite;
        if (!provider.Equals(DatabaseSettings.Sqlite, StringComparison.OrdinalIgnoreCase) && !provider.Equals(DatabaseSettings.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            throw new BenchmarkArgumentException("--provider must be Sqlite or PostgreSql.");
        }

        Environment.SetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER", provider);
        if (arguments.Text("connection") is { } connection)
        {
            Environment.SetEnvironmentVariable("ACCREDITATION_TEST_POSTGRES", connection);
        }

        var counts = NationalCounts.At(scale);
        var port = NationalBenchmark.FreePort();
        await using var site = new LoadSite();
        site.UseKestrel(port);
        site.StartServer();
        var root = new Uri($"http://127.0.0.1:{port}");
        Console.WriteLine($"Load benchmark: {users} users for {minutes.ToString(CultureInfo.InvariantCulture)} min, think time {think / 2}-{think * 3 / 2} ms, national data at scale {scale.ToString(CultureInfo.InvariantCulture)}; {(site.IsPostgreSql ? "PostgreSQL" : "SQLite")} behind Kestrel; {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine("The site and the load generator share this process: the working set and GC figures include the generator's own (small) share.");

        var watch = Stopwatch.StartNew();
        var probes = await new NationalData(site, counts) { Log = Console.WriteLine }.GenerateAsync();
        Console.WriteLine($"Generated in {watch.Elapsed.TotalSeconds:0.0} s");
        await NationalBenchmark.AnalyzeAsync(site);
        await NationalBenchmark.WaitForIndexAsync(site);

        var random = new Random(seed);
        var cast = await CastAsync(site, users, probes, random);
        Console.WriteLine($"Cast: {cast.Count(c => c.Role == Role.Candidate)} candidates with portfolios, {cast.Count(c => c.Role == Role.Sitter)} candidates sitting the assessment, {cast.Count(c => c.Role == Role.Assessor)} assessors, {cast.Count(c => c.Role == Role.Lead)} lead assessor, {cast.Count(c => c.Role == Role.Admin)} platform admins");

        watch.Restart();
        var people = new VirtualUser[cast.Count];
        // One person signed in twice (the admin, an assessor with two cases) signs in one device after the other: the
        // site takes each second-factor code once, as it must.
        var byPerson = Enumerable.Range(0, cast.Count).GroupBy(i => cast[i].Email, StringComparer.OrdinalIgnoreCase);
        await Parallel.ForEachAsync(byPerson, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (person, _) =>
        {
            foreach (var i in person)
            {
                var browser = await Browser.SignInAsync(root, site, cast[i].Email, cast[i].Role == Role.Admin ? PlatformFactory.AdminPassword : NationalData.Password);
                people[i] = new VirtualUser(i, cast[i], browser, new Random(seed * 7919 + i));
                if (cast[i].Role == Role.Sitter)
                {
                    await people[i].StartSittingAsync();
                }
            }
        });
        Console.WriteLine($"Signed in {people.Length} people (and started {cast.Count(c => c.Role == Role.Sitter)} sittings) in {watch.Elapsed.TotalSeconds:0.0} s");

        var run = new Run(TimeSpan.FromMinutes(minutes), think);
        var monitor = new Monitor(run.Length);
        var monitoring = monitor.RunAsync(run.Stop.Token);
        var ramp = TimeSpan.FromSeconds(Math.Min(10, run.Length.TotalSeconds / 10));
        await Task.WhenAll(people.Select(p => Task.Run(async () =>
        {
            await Task.Delay(ramp * p.Index / people.Length);
            await p.LoopAsync(run);
        })));
        var elapsed = run.Elapsed;
        await run.Stop.CancelAsync();
        await monitoring;
        monitor.Finish();

        return Report(run, monitor, elapsed);
    }

    private static int Report(Run run, Monitor monitor, TimeSpan elapsed)
    {
        var pages = run.Pages.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Name: p.Key, Stats: p.Value.Snapshot())).ToList();
        var all = pages.SelectMany(p => p.Stats.Latencies).Order().ToArray();
        var requests = all.Length;
        var errors = pages.Sum(p => p.Stats.Errors);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run: {elapsed.TotalSeconds:0} s, {requests:N0} requests, {requests / elapsed.TotalSeconds:0.0} requests/s, {errors} errors"));
        Console.WriteLine("| page | requests | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, stats) in pages)
        {
            var sorted = stats.Latencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {sorted.Length} | {NationalBenchmark.Percentile(sorted, 50):0.0} | {NationalBenchmark.Percentile(sorted, 99):0.0} | {(sorted.Length == 0 ? 0 : sorted[^1]):0.0} | {stats.Errors} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| all | {requests} | {NationalBenchmark.Percentile(all, 50):0.0} | {NationalBenchmark.Percentile(all, 99):0.0} | {(all.Length == 0 ? 0 : all[^1]):0.0} | {errors} |"));
        if (!run.Problems.IsEmpty)
        {
            Console.WriteLine($"First errors ({run.Problems.Count} kept of {errors}):");
            foreach (var problem in run.Problems)
            {
                Console.WriteLine($"  {problem}");
            }
        }

        monitor.Print(elapsed);
        var p99 = NationalBenchmark.Percentile(all, 99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: requests={requests} errors={errors} p99_ms={(double.IsNaN(p99) ? 0 : p99):0.0}"));
        return errors == 0 && requests > 0 ? 0 : 1;
    }

    /// <summary>Who the virtual users are: the records each works on come from the generated data, one person's work to one user.</summary>
    private static async Task<List<Cast>> CastAsync(LoadSite site, int users, NationalProbes probes, Random random)
    {
        var admins = Math.Max(1, (int)Math.Round(users * 0.04));
        var leads = users > admins + 1 ? 1 : 0;
        var assessorsWanted = Math.Max(users > admins + leads ? 1 : 0, (int)Math.Round(users * 0.1));
        var sittersWanted = Math.Max(users > admins + leads + assessorsWanted ? 1 : 0, (int)Math.Round(users * 0.1));
        return await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var emails = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Email!);
            var cast = new List<Cast>();
            cast.AddRange(Enumerable.Range(0, admins).Select(_ => new Cast(Role.Admin, PlatformFactory.AdminEmail)));
            cast.AddRange(Enumerable.Range(0, leads).Select(_ => new Cast(Role.Lead, probes.LeadEmail)));

            // Each assessor user marks first markings of their own that are still open (opening one starts it).
            var open = await db.Set<AssessorMarking>().AsNoTracking()
                .Where(m => m.Role == MarkingRole.First && (m.Status == MarkingStatus.Allocated || m.Status == MarkingStatus.InProgress))
                .OrderBy(m => m.CaseId).Select(m => new { m.CaseId, m.AssessorId }).ToListAsync();
            var assessors = Shuffle(open, random).Take(assessorsWanted).ToList();
            cast.AddRange(assessors.Select(m => new Cast(Role.Assessor, emails[m.AssessorId]) { CaseId = m.CaseId }));

            // Sitters are candidates with no enrolment yet, enrolled now in the national window of a programme with an assessment.
            var window = await db.Set<AssessmentWindow>().AsNoTracking().SingleAsync(w => w.Name == "National window");
            await AddAssessmentAsync(sp, db, window.ProgrammeId);
            var candidateRole = await db.Roles.Where(r => r.Name == Roles.Candidate).Select(r => r.Id).SingleAsync();
            var enrolled = await db.Set<Enrolment>().Select(e => e.CandidateId).Distinct().ToListAsync();
            var unenrolled = await db.UserRoles.AsNoTracking().Where(r => r.RoleId == candidateRole && !enrolled.Contains(r.UserId)).OrderBy(r => r.UserId).Select(r => r.UserId).ToListAsync();
            var sitters = Shuffle(unenrolled, random).Take(sittersWanted).ToList();
            var organisations = await db.Users.AsNoTracking().Where(u => sitters.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.OrganisationId);
            foreach (var sitter in sitters)
            {
                db.Add(new Enrolment { Id = NewId(random), WindowId = window.Id, CandidateId = sitter, OrganisationId = organisations[sitter], EnrolledAt = site.Clock.GetUtcNow() });
                cast.Add(new Cast(Role.Sitter, emails[sitter]));
            }

            await db.SaveChangesAsync();

            // Candidates work on portfolios not yet submitted (a submitted one can no longer be changed).
            var candidatesWanted = users - cast.Count;
            var unsubmitted = await db.Set<Enrolment>().AsNoTracking()
                .Where(e => !sitters.Contains(e.CandidateId) && !db.Set<Submission>().Any(s => s.EnrolmentId == e.Id))
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.CandidateId }).ToListAsync();
            if (unsubmitted.Count < candidatesWanted)
            {
                throw new BenchmarkArgumentException($"{users} users need {candidatesWanted} portfolios not yet submitted; the data has {unsubmitted.Count}. Raise --scale.");
            }

            var chosen = Shuffle(unsubmitted, random).Take(candidatesWanted).ToList();
            var ids = chosen.Select(c => c.Id).ToList();
            var items = (await db.Set<EvidenceItem>().AsNoTracking().Where(i => ids.Contains(i.EnrolmentId)).Select(i => new { i.Id, i.EnrolmentId }).ToListAsync())
                .GroupBy(i => i.EnrolmentId).ToDictionary(g => g.Key, g => g.Select(i => i.Id).Order().ToList());
            cast.AddRange(chosen.Select(c => new Cast(Role.Candidate, emails[c.CandidateId]) { EnrolmentId = c.Id, Items = items.GetValueOrDefault(c.Id) ?? [] }));
            return cast;
        });
    }

    /// <summary>A bank of ten live questions and a blueprint of five (60 minutes) for the programme, so candidates can sit its assessment.</summary>
    private static async Task AddAssessmentAsync(IServiceProvider sp, AccreditationDbContext db, Guid programmeId)
    {
        var items = Enumerable.Range(1, 10).Select(n => new ItemDraft($"L-{n:00}", n % 3 == 0 ? "Multiple" : "Single", "General", [1 + (n % 6)], null, null,
            $"Load question {n}?", ["First option", "Second option", "Third option", "Fourth option"], n % 3 == 0 ? [1, 3] : [2], n % 3 == 0, null, "Live")).ToList();
        var saved = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(items, "load", default);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", saved.Errors.Select(e => e.Message)));
        }

        db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = programmeId, Rules = "General=5", TimeLimitMinutes = 60, PassMarkPercent = 60 });
        await db.SaveChangesAsync();
    }

    private static List<T> Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    private static Guid NewId(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>What a virtual user does: the role decides the mix of journeys.</summary>
    private enum Role
    {
        Candidate,
        Sitter,
        Assessor,
        Lead,
        Admin,
    }

    /// <summary>One virtual user's person and what they work on.</summary>
    private sealed record Cast(Role Role, string Email)
    {
        public Guid EnrolmentId { get; init; }

        public IReadOnlyList<Guid> Items { get; init; } = [];

        public Guid CaseId { get; init; }
    }

    /// <summary>The run: its clock, the figures per page and the first errors.</summary>
    private sealed class Run(TimeSpan length, int think)
    {
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private int problemCount;

        public TimeSpan Length { get; } = length;

        public int Think { get; } = think;

        public CancellationTokenSource Stop { get; } = new();

        public TimeSpan Elapsed => watch.Elapsed;

        public bool Over => watch.Elapsed >= Length;

        public ConcurrentDictionary<string, PageStats> Pages { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Problems { get; } = new();

        /// <summary>Records one answer: its time, and whether it was what the journey expects.</summary>
        public void Record(string page, double milliseconds, string? problem)
        {
            Pages.GetOrAdd(page, _ => new PageStats()).Add(milliseconds, problem is not null);
            if (problem is not null && Interlocked.Increment(ref problemCount) <= 12)
            {
                Problems.Enqueue($"{page}: {problem}");
            }
        }
    }

    /// <summary>The latencies and error count of one page.</summary>
    private sealed class PageStats
    {
        private readonly List<double> latencies = [];
        private int errors;

        public void Add(double milliseconds, bool failed)
        {
            lock (latencies)
            {
                latencies.Add(milliseconds);
                errors += failed ? 1 : 0;
            }
        }

        public (double[] Latencies, int Errors) Snapshot()
        {
            lock (latencies)
            {
                return ([.. latencies], errors);
            }
        }
    }

    /// <summary>
    /// Samples the process every 50 ms: each new garbage collection's pause (GC.GetGCMemoryInfo per kind; a collection
    /// that starts and ends between two samples of its kind is missed, the totals are not), and the working set every
    /// 10 s and at the reference point (minute 2, or 20% of a run shorter than 3 minutes).
    /// </summary>
    private sealed class Monitor
    {
        private static readonly GCKind[] Kinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];
        private readonly TimeSpan length;
        private readonly Stopwatch watch = Stopwatch.StartNew();
        private readonly TimeSpan pausesAtStart = GC.GetTotalPauseDuration();
        private readonly int[] collectionsAtStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        private readonly Dictionary<GCKind, long> lastIndex = Kinds.ToDictionary(k => k, k => GC.GetGCMemoryInfo(k).Index);
        private readonly List<(GCKind Kind, double Milliseconds)> pauses = [];
        private readonly List<(TimeSpan At, long WorkingSet, long Heap, bool Tick)> samples = [];
        private TimeSpan pausesAtEnd;
        private int[] collectionsAtEnd = [];

        public Monitor(TimeSpan length)
        {
            this.length = length;
            Reference = length >= TimeSpan.FromMinutes(3) ? TimeSpan.FromMinutes(2) : length * 0.2;
        }

        /// <summary>Where the working set is compared from.</summary>
        public TimeSpan Reference { get; }

        public async Task RunAsync(CancellationToken stop)
        {
            var nextSample = TimeSpan.Zero;
            var referenceTaken = false;
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    ReadPauses();
                    var now = watch.Elapsed;
                    if (now >= nextSample)
                    {
                        Sample(now, tick: true);
                        nextSample += TimeSpan.FromSeconds(10);
                    }

                    if (!referenceTaken && now >= Reference)
                    {
                        Sample(now, tick: false);
                        referenceTaken = true;
                    }

                    await Task.Delay(50, stop);
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }

        public void Finish()
        {
            ReadPauses();
            Sample(watch.Elapsed, tick: false);
            pausesAtEnd = GC.GetTotalPauseDuration();
            collectionsAtEnd = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        }

        public void Print(TimeSpan elapsed)
        {
            static double Mb(long bytes) => bytes / 1048576.0;
            var reference = samples.Where(s => !s.Tick).First();
            var end = samples[^1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Working set (MB) every 10 s: {string.Join(", ", samples.Where(s => s.Tick).Select(s => Mb(s.WorkingSet).ToString("0", CultureInfo.InvariantCulture)))}"));
            var at = length >= TimeSpan.FromMinutes(3) ? "minute 2" : $"20% of the run ({Reference.TotalSeconds:0} s; the run is shorter than 3 minutes, so not minute 2)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Working set at {at}: {Mb(reference.WorkingSet):0} MB (GC heap {Mb(reference.Heap):0} MB); at the end ({end.At.TotalSeconds:0} s): {Mb(end.WorkingSet):0} MB (GC heap {Mb(end.Heap):0} MB); end/reference {end.WorkingSet / (double)reference.WorkingSet:0.00}"));
            var collections = Enumerable.Range(0, 3).Select(g => collectionsAtEnd[g] - collectionsAtStart[g]).ToArray();
            var total = pausesAtEnd - pausesAtStart;
            var seen = pauses.Select(p => p.Milliseconds).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GC: {collections[0]} collections (gen1 {collections[1]}, gen2 {collections[2]}), paused {total.TotalMilliseconds:0} ms in all ({100 * total.TotalMilliseconds / elapsed.TotalMilliseconds:0.00}% of the run), mean {(collections[0] == 0 ? 0 : total.TotalMilliseconds / collections[0]):0.0} ms; of {seen.Length} pauses sampled: p50 {NationalBenchmark.Percentile(seen, 50):0.0} ms, p99 {NationalBenchmark.Percentile(seen, 99):0.0} ms, max {(seen.Length == 0 ? 0 : seen[^1]):0.0} ms ({pauses.Count(p => p.Kind == GCKind.Background)} background, {pauses.Count(p => p.Kind == GCKind.FullBlocking)} full blocking)"));
        }

        private void ReadPauses()
        {
            foreach (var kind in Kinds)
            {
                var info = GC.GetGCMemoryInfo(kind);
                if (info.Index > lastIndex[kind])
                {
                    lastIndex[kind] = info.Index;
                    var paused = 0.0;
                    foreach (var pause in info.PauseDurations)
                    {
                        paused += pause.TotalMilliseconds;
                    }

                    pauses.Add((kind, paused));
                }
            }
        }

        private void Sample(TimeSpan at, bool tick)
        {
            using var process = Process.GetCurrentProcess();
            samples.Add((at, process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes, tick));
        }
    }

    /// <summary>One signed-in person looping over their role's journeys.</summary>
    private sealed partial class VirtualUser(int index, Cast cast, Browser browser, Random random)
    {
        private readonly List<Guid> ownRecords = [];
        private readonly Dictionary<int, string[]> options = [];
        private HtmlForm? itemForm;
        private Guid itemId;
        private HtmlForm? markingForm;
        private string sittingToken = "";
        private string? saveUrl;
        private string? questionUrl;
        private int saves;

        public int Index { get; } = index;

        public async Task LoopAsync(Run run)
        {
            while (!run.Over)
            {
                try
                {
                    await JourneyAsync(run);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or JsonException)
                {
                    run.Record("(journey)", 0, $"{ex.GetType().Name}: {ex.Message}");
                }

                if (run.Think > 0)
                {
                    await Task.Delay(run.Think / 2 + random.Next(run.Think + 1));
                }
            }
        }

        /// <summary>Opens the assessment page, starts the sitting and reads each question's options (set-up, not timed).</summary>
        public async Task StartSittingAsync()
        {
            var page = await browser.FetchAsync("/assessment");
            var start = StartPattern().Match(page.Body);
            if (!start.Success)
            {
                throw new InvalidOperationException($"The assessment page of {cast.Email} offers no start ({(int)page.Status}).");
            }

            var started = await browser.PostFormAsync(WebUtility.HtmlDecode(start.Groups[1].Value), [new("__RequestVerificationToken", Browser.Token(page.Body))]);
            if (started.Status != HttpStatusCode.Redirect || started.Location is null)
            {
                throw new InvalidOperationException($"Starting the sitting of {cast.Email} answered {(int)started.Status}.");
            }

            questionUrl = started.Location[..(started.Location.LastIndexOf('/') + 1)];
            for (var position = 1; position <= 5; position++)
            {
                var question = await browser.FetchAsync(questionUrl + position.ToString(CultureInfo.InvariantCulture));
                if (question.Status != HttpStatusCode.OK)
                {
                    break;
                }

                sittingToken = Browser.Token(question.Body);
                saveUrl = WebUtility.HtmlDecode(SaveUrlPattern().Match(question.Body).Groups[1].Value);
                options[position] = [.. OptionPattern().Matches(question.Body).Select(m => m.Groups[1].Value)];
            }
        }

        private Task JourneyAsync(Run run)
        {
            var roll = random.Next(100);
            return cast.Role switch
            {
                Role.Candidate => roll switch
                {
                    < 30 => EvidenceAutosaveAsync(run),
                    < 38 => ReadAsync(run, "candidate home", "/portfolio"),
                    < 50 => ReadAsync(run, "task list", $"/portfolio/{cast.EnrolmentId}"),
                    < 62 => ReadAsync(run, "CPD index", "/cpd"),
                    < 80 => CpdSaveAsync(run),
                    _ => SearchAsync(run),
                },
                Role.Sitter => roll switch
                {
                    < 50 => AnswerAsync(run),
                    < 65 => ReadAsync(run, "sitting question", questionUrl + (1 + random.Next(5)).ToString(CultureInfo.InvariantCulture)),
                    < 70 => ReadAsync(run, "assessment", "/assessment"),
                    < 80 => ReadAsync(run, "CPD index", "/cpd"),
                    < 90 => CpdSaveAsync(run),
                    _ => SearchAsync(run),
                },
                Role.Assessor => roll switch
                {
                    < 40 => MarkingAutosaveAsync(run),
                    < 50 => MarkingSaveAsync(run),
                    < 65 => OpenCaseAsync(run),
                    < 85 => ReadAsync(run, "assessor queue", "/marking"),
                    _ => SearchAsync(run),
                },
                Role.Lead => roll switch
                {
                    < 60 => ReadAsync(run, "lead report", "/marking/lead/report"),
                    _ => ReadAsync(run, "assessor queue", "/marking"),
                },
                _ => roll switch
                {
                    < 40 => ReadAsync(run, "admin people", "/admin/people"),
                    < 60 => ReadAsync(run, "admin people page", $"/admin/people?p={2 + random.Next(4)}"),
                    _ => ReadAsync(run, "admin people search", $"/admin/people?q={Uri.EscapeDataString(Surnames[random.Next(Surnames.Length)])}"),
                },
            };
        }

        private async Task<Browser.Answer?> ReadAsync(Run run, string page, string path)
        {
            var answer = await browser.FetchAsync(path);
            run.Record(page, answer.Milliseconds, Check(answer, path, HttpStatusCode.OK));
            return answer.Status == HttpStatusCode.OK ? answer : null;
        }

        private Task SearchAsync(Run run) =>
            ReadAsync(run, "research search", $"/research?q={Words[random.Next(Words.Length)]}+{Words[random.Next(Words.Length)]}");

        /// <summary>Opens an evidence item now and then (as a person moves to the next), then autosaves a change to its text.</summary>
        private async Task EvidenceAutosaveAsync(Run run)
        {
            if (cast.Items.Count == 0)
            {
                await ReadAsync(run, "task list", $"/portfolio/{cast.EnrolmentId}");
                return;
            }

            if (itemForm is null || random.Next(5) == 0)
            {
                itemId = cast.Items[random.Next(cast.Items.Count)];
                var page = await ReadAsync(run, "evidence item", $"/portfolio/{cast.EnrolmentId}/items/{itemId}");
                itemForm = page is null ? null : HtmlForm.Read(page.Body, "evidence-form");
                if (itemForm is null)
                {
                    return;
                }
            }

            var body = itemForm.Value("Body") ?? "";
            var cut = body.IndexOf(" Edited:", StringComparison.Ordinal);
            itemForm.Set("Body", (cut < 0 ? body : body[..cut]) + $" Edited: {Sentence(12)} ({++saves}).");
            if (!await AutosaveAsync(run, "evidence autosave", $"/portfolio/{cast.EnrolmentId}/items/{itemId}?handler=Autosave", itemForm))
            {
                itemForm = null;
            }
        }

        /// <summary>
        /// Posts a form to its autosave handler as the page's script does and keeps the row version it answers with for the
        /// next save; false when the save failed (the form is then read again).
        /// </summary>
        private async Task<bool> AutosaveAsync(Run run, string name, string path, HtmlForm form)
        {
            var answer = await browser.PostFormAsync(path, form.Fields, form.Token);
            var problem = Check(answer, path, HttpStatusCode.OK);
            run.Record(name, answer.Milliseconds, problem);
            if (problem is not null)
            {
                return false;
            }

            form.Set("RowVersion", JsonDocument.Parse(answer.Body).RootElement.GetProperty("version").GetRawText());
            return true;
        }

        /// <summary>Records a new piece of CPD, or changes one recorded earlier in the run: the form, then the save (back to /cpd).</summary>
        private async Task CpdSaveAsync(Run run)
        {
            var editing = ownRecords.Count > 0 && random.Next(3) == 0 ? ownRecords[random.Next(ownRecords.Count)] : (Guid?)null;
            var formPath = editing is { } id ? $"/cpd/records/{id}/edit" : "/cpd/records/new";
            var page = await ReadAsync(run, editing is null ? "CPD new record form" : "CPD edit form", formPath);
            if (page is null || HtmlForm.Read(page.Body, "record-form") is not { } form)
            {
                return;
            }

            if (editing is null)
            {
                var types = form.Choices.GetValueOrDefault("Input.ActivityType") ?? [];
                form.Set("Input.ActivityType", types.Count == 0 ? "Reading" : types[random.Next(types.Count)]);
                form.Set("Input.Title", $"Load {Index}-{++saves}: {Sentence(4)}");
                form.Set("Input.Hours", (0.5 * (1 + random.Next(8))).ToString("0.0", CultureInfo.InvariantCulture));
                form.Set("Input.Description", Sentence(25));
                form.Set("Input.Impact", Sentence(15));
                if (form.Choices.GetValueOrDefault("Input.StatementIds") is { Count: > 0 } statements)
                {
                    form.Add("Input.StatementIds", statements[random.Next(statements.Count)]);
                }
            }

            form.Set("Input.Learning", $"{Sentence(25)} ({Index}-{++saves})");
            var action = form.Action ?? formPath;
            var answer = await browser.PostFormAsync(action, form.Fields);
            var problem = Check(answer, action, HttpStatusCode.Redirect, "/cpd");
            run.Record(editing is null ? "CPD save (new)" : "CPD save (change)", answer.Milliseconds, problem);
            if (problem is null && editing is null)
            {
                // The index lists the record first once saved; its id is read from there for a later change.
                var index = await ReadAsync(run, "CPD index", "/cpd");
                if (index is not null && RecordLinkPattern().Match(index.Body) is { Success: true } link && Guid.TryParse(link.Groups[1].Value, out var recordId) && !ownRecords.Contains(recordId))
                {
                    ownRecords.Add(recordId);
                }
            }
        }

        /// <summary>Opens the assessor's case (the first opening starts the marking).</summary>
        private async Task OpenCaseAsync(Run run)
        {
            var page = await ReadAsync(run, "marking case", $"/marking/cases/{cast.CaseId}");
            markingForm = page is null ? null : HtmlForm.Read(page.Body, "marking-form");
        }

        /// <summary>Changes a level, its comment and the overall comment on the case's form (opened first when needed); false when it could not be opened.</summary>
        private async Task<bool> ChangeMarksAsync(Run run)
        {
            if (markingForm is null)
            {
                await OpenCaseAsync(run);
                if (markingForm is null)
                {
                    return false;
                }
            }

            var levels = markingForm!.Choices.Where(c => c.Key.EndsWith("].Level", StringComparison.Ordinal)).ToList();
            if (levels.Count > 0)
            {
                var (name, values) = levels[random.Next(levels.Count)];
                markingForm.Set(name, values[random.Next(values.Count)]);
                markingForm.Set(name.Replace("].Level", "].Comment", StringComparison.Ordinal), Sentence(15));
            }

            markingForm.Set("OverallComment", $"{Sentence(20)} ({++saves})");
            return true;
        }

        private async Task MarkingAutosaveAsync(Run run)
        {
            if (!await ChangeMarksAsync(run))
            {
                return;
            }

            if (!await AutosaveAsync(run, "marking autosave", $"/marking/cases/{cast.CaseId}?handler=Autosave", markingForm!))
            {
                markingForm = null;
            }
        }

        /// <summary>The Save button: saves the marks and comes back to the case, which is read again for the next save.</summary>
        private async Task MarkingSaveAsync(Run run)
        {
            if (!await ChangeMarksAsync(run))
            {
                return;
            }

            var path = $"/marking/cases/{cast.CaseId}";
            var answer = await browser.PostFormAsync(path, markingForm!.Fields);
            run.Record("marking save", answer.Milliseconds, Check(answer, path, HttpStatusCode.Redirect, path));
            markingForm = null;
            await OpenCaseAsync(run);
        }

        private async Task AnswerAsync(Run run)
        {
            if (saveUrl is null)
            {
                run.Record("sitting answer", 0, "no sitting was started");
                return;
            }

            var position = 1 + random.Next(5);
            var values = options.GetValueOrDefault(position) ?? [];
            var json = JsonSerializer.Serialize(new { position, choices = values.Length == 0 ? Array.Empty<string>() : [values[random.Next(values.Length)]] });
            var answer = await browser.PostJsonAsync(saveUrl, json, sittingToken);
            var problem = Check(answer, saveUrl, HttpStatusCode.OK);
            if (problem is null && !answer.Body.Contains("\"outcome\":\"Saved\"", StringComparison.Ordinal) && !answer.Body.Contains("\"outcome\":\"Superseded\"", StringComparison.Ordinal))
            {
                problem = $"200 but not saved: {Snippet(answer.Body)}";
            }

            run.Record("sitting answer", answer.Milliseconds, problem);
        }

        /// <summary>Null when the answer is what the journey expects; otherwise what went wrong, to print.</summary>
        private static string? Check(Browser.Answer answer, string path, HttpStatusCode expected, string? redirectTo = null)
        {
            if (answer.Status != expected)
            {
                return $"{(int)answer.Status} (expected {(int)expected}) from {path}{(answer.Location is { } l ? " -> " + l : "")}: {Snippet(answer.Body)}";
            }

            if (expected == HttpStatusCode.Redirect && redirectTo is not null && answer.Location?.Split('?')[0] != redirectTo)
            {
                return $"redirected from {path} to {answer.Location}, expected {redirectTo}";
            }

            return answer.Body.Contains("id=\"correlation-id\"", StringComparison.Ordinal) ? $"error page from {path}: {Snippet(answer.Body)}" : null;
        }

        private static string Snippet(string body)
        {
            var heading = HeadingPattern().Match(body);
            var text = heading.Success ? heading.Groups[1].Value : body;
            text = WebUtility.HtmlDecode(TagPattern().Replace(text, " ")).Trim();
            return text.Length > 160 ? text[..160] + "..." : text;
        }

        private string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

        [GeneratedRegex("action=\"([^\"]*handler=Start[^\"]*)\"")]
        private static partial Regex StartPattern();

        [GeneratedRegex("name=\"Choices\" type=\"(?:radio|checkbox)\" value=\"([^\"]+)\"")]
        private static partial Regex OptionPattern();

        [GeneratedRegex("data-save-url=\"([^\"]+)\"")]
        private static partial Regex SaveUrlPattern();

        [GeneratedRegex("href=\"/cpd/records/([0-9a-f-]{36})\"")]
        private static partial Regex RecordLinkPattern();

        [GeneratedRegex("<h1[^>]*>(.*?)</h1>", RegexOptions.Singleline)]
        private static partial Regex HeadingPattern();

        [GeneratedRegex("<[^>]+>")]
        private static partial Regex TagPattern();
    }

    private static readonly string[] Surnames = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Khan", "Patel", "Smith", "Taylor", "Young"];

    /// <summary>The site for the run: the test site on its own database, quiet, with no limit on sign-ins.</summary>
    private sealed class LoadSite : PlatformFactory
    {
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
    }
}
