using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Portfolios.Data;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Resilience.Tests;

/// <summary>One write a writer attempted, and whether the site acknowledged it (answered with success).</summary>
public sealed record Attempt(int Cycle, string Value, bool Acknowledged);

/// <summary>What the database held for the writers' records right after one kill, before the restart.</summary>
public sealed record AfterKill(int Cycle, string EvidenceBody, IReadOnlyDictionary<int, string?> Answers, string? IntegrityCheck, int OutboxSentBefore, TimeSpan Restart, HttpStatusCode SearchAtOnce, bool IndexLockLeft);

/// <summary>
/// A site process on the database of the run's provider, killed with SIGKILL <see cref="Cycles"/> times while a candidate
/// autosaves evidence, answers a sitting and records CPD over HTTP, while research items are saved and outbox email is
/// dispatched to maildev, and restarted each time on the same database and data folder. It records every attempted and
/// every acknowledged write and what the database held after each kill; the tests of <see cref="CrashTests"/> judge it.
/// </summary>
public sealed class CrashedSite : IAsyncLifetime
{
    /// <summary>How many times the process is killed.</summary>
    public const int Cycles = 3;

    /// <summary>Messages queued for dispatch in each cycle.</summary>
    public const int MessagesPerCycle = 120;

    private const string Password = "harbour thistle copper 17";
    private const int Positions = 5;

    private readonly Random random = new(20261207); // seeded: the kill moments are the same in every run

    /// <summary>The in-process site that made the database and reads it for the tests (it runs no background tasks).</summary>
    public PlatformFactory Site { get; } = new SetUpSite();

    /// <summary>The process running now.</summary>
    public SiteProcess Node { get; private set; } = null!;

    /// <summary>The settings every start of the process gets.</summary>
    public IDictionary<string, string?> Settings { get; private set; } = null!;

    /// <summary>Every autosave of the evidence item, in order.</summary>
    public List<Attempt> Autosaves { get; } = [];

    /// <summary>Every answer saved, per position (the authored option index), in order.</summary>
    public Dictionary<int, List<Attempt>> Answers { get; } = Enumerable.Range(1, Positions).ToDictionary(p => p, _ => new List<Attempt>());

    /// <summary>Every CPD record posted (its title), in order.</summary>
    public ConcurrentQueue<Attempt> CpdRecords { get; } = new();

    /// <summary>Every research item saved (its title), in order.</summary>
    public ConcurrentQueue<Attempt> ResearchItems { get; } = new();

    /// <summary>What the database held after each kill.</summary>
    public List<AfterKill> Kills { get; } = [];

    /// <summary>Where the queued email goes (an address of this run only).</summary>
    public string Recipient { get; } = $"resilience-{Guid.NewGuid():N}@example.gov.uk";

    /// <summary>The words each cycle's research items share, by cycle.</summary>
    public Dictionary<int, string> ResearchWords { get; } = [];

    /// <summary>The candidate's evidence item.</summary>
    public Guid EvidenceItem { get; private set; }

    /// <summary>The candidate's sitting.</summary>
    public Guid Sitting { get; private set; }

    /// <summary>The candidate's user id.</summary>
    public string CandidateId { get; private set; } = "";

    private string email = "";
    private string key = "";
    private Guid portfolio;
    private Guid windowId;
    private HttpClient client = null!;
    private readonly CookieContainer cookies = new();
    private Dictionary<int, string[]> tokens = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _ = Site.Server;
        Settings = Site.ProcessSettings();
        Settings["AppData:Path"] = Path.Combine(Site.AppDataPath, "node"); // its own index, kept across restarts
        Settings["Files:Path"] = Site.AppDataPath;
        Settings["BackgroundTasks:Enabled"] = "true";
        // A killed node's leases on background tasks (the dispatcher's among them) pass to its successor after the task's
        // interval plus this grace, so the restarted node takes over within seconds.
        Settings["BackgroundTasks:LeaseGraceSeconds"] = "2";
        Settings["RateLimits:SignInPerMinute"] = "1000";
        Settings["Email:Smtp:Host"] = "127.0.0.1";
        Settings["Email:Smtp:Port"] = Maildev.Instance.SmtpPort.ToString(CultureInfo.InvariantCulture);
        Settings["Email:Smtp:Security"] = "None";
        Settings["Email:Dispatch:IntervalSeconds"] = "1";
        Settings["Email:Dispatch:BatchSize"] = "10";
        // The shortest lease allowed: a batch claimed by a killed node waits this long before its successor sends it.
        Settings["Email:Dispatch:LeaseSeconds"] = "30";

        await PrepareAsync();
        Node = await SiteProcess.StartAsync(Settings);
        client = Node.CreateClient(cookies);
        await client.SignInOverHttpAsync(email, Password, key);
        await StartJourneyAsync();

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            await CycleAsync(cycle);
        }
    }

    /// <summary>How many of the run's queued messages the outbox records as sent.</summary>
    public Task<int> SentAsync() =>
        Site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>()
            .CountAsync(m => m.RecipientAddresses == Recipient && m.Status == OutboxStatus.Sent));

    /// <summary>The Message-Id of every message queued to <see cref="Recipient"/>.</summary>
    public Task<List<string>> QueuedMessageIdsAsync() =>
        Site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>()
            .Where(m => m.RecipientAddresses == Recipient).Select(m => m.MessageId).ToListAsync());

    /// <summary>The number of items a search on the research page says it found (0 when none), and its status.</summary>
    public async Task<(HttpStatusCode Status, int Found)> SearchAsync(string words)
    {
        using var anonymous = new HttpClient { BaseAddress = Node.Address, Timeout = TimeSpan.FromSeconds(30) };
        var response = await anonymous.GetAsync($"/research?q={Uri.EscapeDataString(words)}");
        var html = await response.Content.ReadAsStringAsync();
        var found = Regex.Match(html, @"([\d,]+) items? found");
        return (response.StatusCode, found.Success ? int.Parse(found.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>Waits until the condition holds or the time is up; returns whether it held.</summary>
    public static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        do
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(250);
        }
        while (watch.Elapsed < limit);

        return await condition();
    }

    private async Task CycleAsync(int cycle)
    {
        using var stop = new CancellationTokenSource();
        var writers = new[]
        {
            Task.Run(() => AutosaveAsync(cycle, stop.Token)),
            Task.Run(() => AnswerAsync(cycle, stop.Token)),
            Task.Run(() => RecordCpdAsync(cycle, stop.Token)),
            Task.Run(() => SaveResearchAsync(cycle, stop.Token)),
        };

        // The writers run until each has had writes acknowledged in this cycle (a process just restarted answers its
        // first requests to each page slowly on a busy machine), then a seeded while longer; then email is queued and
        // the process is killed once the dispatcher has sent a seeded number of this cycle's messages: mid-dispatch,
        // with every writer's next request in flight or about to be.
        var writing = await WithinAsync(TimeSpan.FromSeconds(90), () => Task.FromResult(EveryWriterAcknowledged(cycle, 3)));
        Assert.True(writing, $"In cycle {cycle} not every writer had writes acknowledged within 90 s.");
        await Task.Delay(random.Next(800, 2000));
        var sentBefore = await SentAsync();
        await QueueEmailAsync(cycle);
        var killAfter = sentBefore + random.Next(5, 40);
        await WithinAsync(TimeSpan.FromSeconds(20), async () => await SentAsync() >= killAfter);
        await Node.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var after = await Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var body = await db.Set<EvidenceItem>().AsNoTracking().Where(i => i.Id == EvidenceItem).Select(i => i.Body).SingleAsync();
            var answers = await db.Set<SittingItem>().AsNoTracking().Where(i => i.SittingId == Sitting).ToDictionaryAsync(i => i.Position, i => i.Answer);
            return (body, answers);
        });
        var integrity = Site.IsPostgreSql ? null : IntegrityCheck();
        var lockLeft = File.Exists(Path.Combine(Settings["AppData:Path"]!, "index", "research", "write.lock"));

        var watch = Stopwatch.StartNew();
        Node = await SiteProcess.StartAsync(Settings);
        var restart = watch.Elapsed;
        client = Node.CreateClient(cookies); // signed in still: the cookie outlives the process
        var (status, _) = await SearchAsync(ResearchWords[cycle]);
        Kills.Add(new AfterKill(cycle, after.body, after.answers, integrity, killAfter, restart, status, lockLeft));
    }

    private bool EveryWriterAcknowledged(int cycle, int atLeast)
    {
        int Acknowledged(IEnumerable<Attempt> attempts) => attempts.Count(a => a.Cycle == cycle && a.Acknowledged);
        int autosaves, answers;
        lock (Autosaves)
        {
            autosaves = Acknowledged(Autosaves.ToList());
        }

        lock (Answers)
        {
            answers = Acknowledged(Answers.Values.SelectMany(a => a).ToList());
        }

        return autosaves >= atLeast && answers >= atLeast && Acknowledged(CpdRecords) >= atLeast && Acknowledged(ResearchItems) >= atLeast;
    }

    private string IntegrityCheck()
    {
        using var connection = new SqliteConnection(Site.ConnectionString + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return string.Join("; ", ReadAll(command));

        static IEnumerable<string> ReadAll(SqliteCommand command)
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return reader.GetString(0);
            }
        }
    }

    // Autosaves the evidence item one text after another; after a kill it reloads the form, as the page does when it
    // is opened again (an autosave that was written but not acknowledged moved the row version on).
    private async Task AutosaveAsync(int cycle, CancellationToken stop)
    {
        Dictionary<string, string> fields;
        try
        {
            fields = await client.EvidenceFormAsync(portfolio, EvidenceItem);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return;
        }

        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var text = $"Cycle {cycle}, autosave {n}: how our team rebuilt reflective supervision after the inspection.";
            fields["Body"] = text;
            var acknowledged = false;
            try
            {
                var response = await client.AutosaveEvidenceAsync(portfolio, EvidenceItem, fields, CancellationToken.None);
                acknowledged = response.StatusCode == HttpStatusCode.OK;
                Assert.True(acknowledged, $"Autosave answered {(int)response.StatusCode}.");
            }
            catch (HttpRequestException)
            {
                lock (Autosaves)
                {
                    Autosaves.Add(new Attempt(cycle, text, false));
                }

                return; // the process is gone
            }

            lock (Autosaves)
            {
                Autosaves.Add(new Attempt(cycle, text, acknowledged));
            }
        }
    }

    // Answers the sitting's questions in turn, each time a different option.
    private async Task AnswerAsync(int cycle, CancellationToken stop)
    {
        string token;
        try
        {
            token = (await client.GetDocumentAsync($"/assessment/sittings/{Sitting}/1")).AntiforgeryToken();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return;
        }

        for (var n = cycle * 7; !stop.IsCancellationRequested; n++)
        {
            var position = (n % Positions) + 1;
            var option = (n / Positions) % 4;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/assessment/api/sittings/{Sitting}/answers")
            {
                Content = JsonContent.Create(new { position, choices = new[] { tokens[position][option] } }),
            };
            request.Headers.Add("X-CSRF-TOKEN", token);
            var value = option.ToString(CultureInfo.InvariantCulture);
            try
            {
                var response = await client.SendAsync(request, CancellationToken.None);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Saving an answer answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                lock (Answers)
                {
                    Answers[position].Add(new Attempt(cycle, value, true));
                }
            }
            catch (HttpRequestException)
            {
                lock (Answers)
                {
                    Answers[position].Add(new Attempt(cycle, value, false));
                }

                return;
            }
        }
    }

    private async Task RecordCpdAsync(int cycle, CancellationToken stop)
    {
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var title = $"Resilience reading {cycle}-{n} {Guid.NewGuid():N}"[..40];
            var fields = new Dictionary<string, string>
            {
                ["Input.ActivityType"] = "Reading",
                ["Input.Title"] = title,
                ["Input.DateDay"] = date.Day.ToString(CultureInfo.InvariantCulture),
                ["Input.DateMonth"] = date.Month.ToString(CultureInfo.InvariantCulture),
                ["Input.DateYear"] = date.Year.ToString(CultureInfo.InvariantCulture),
                ["Input.Hours"] = "1.5",
                ["Input.Description"] = $"{title}: what the reading was ({Guid.NewGuid():N}) and why it mattered.",
                ["Input.Learning"] = $"Learning {Guid.NewGuid():N}",
                ["Input.Impact"] = $"Impact {Guid.NewGuid():N}",
            };
            try
            {
                var response = await client.PostFormAsync("/cpd/records/new", fields);
                var saved = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/cpd";
                Assert.True(saved, $"Recording CPD answered {(int)response.StatusCode} {response.Headers.Location}.");
                CpdRecords.Enqueue(new Attempt(cycle, title, true));
            }
            catch (HttpRequestException)
            {
                CpdRecords.Enqueue(new Attempt(cycle, title, false));
                return;
            }
            catch (InvalidOperationException) when (stop.IsCancellationRequested)
            {
                return; // the form page came back empty as the process died
            }
        }
    }

    // Research items saved in batches while the process's index worker adds them to its index, as an editor's or an
    // import's saves are.
    private async Task SaveResearchAsync(int cycle, CancellationToken stop)
    {
        var word = ResearchWords[cycle];
        for (var batch = 0; !stop.IsCancellationRequested && batch < 40; batch++)
        {
            var titles = Enumerable.Range(1, 10).Select(i => $"{word} study {batch * 10 + i} of family group conferences").ToList();
            await Site.WithScopeAsync(async sp =>
            {
                var library = sp.GetRequiredService<ResearchLibrary>();
                foreach (var title in titles)
                {
                    library.Add(new ResearchItem
                    {
                        Title = title,
                        Abstract = $"What {word} found about family group conferences and children's plans.",
                        Year = 2025,
                        Type = ResearchItemType.ResearchReview,
                        Access = ResearchAccess.Public,
                        IsPublished = true,
                    });
                }

                await library.Db.SaveChangesAsync();
            });
            foreach (var title in titles)
            {
                ResearchItems.Enqueue(new Attempt(cycle, title, true));
            }

            await Task.Delay(150, CancellationToken.None);
        }
    }

    private async Task QueueEmailAsync(int cycle)
    {
        await Site.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<IEmailOutbox>();
            var db = sp.GetRequiredService<AccreditationDbContext>();
            for (var i = 1; i <= MessagesPerCycle; i++)
            {
                await outbox.EnqueueAsync(new EmailMessage
                {
                    To = [new EmailAddress(Recipient, "Resilience test")],
                    Subject = $"Cycle {cycle} message {i}",
                    TextBody = $"Message {i} of cycle {cycle}.",
                });
            }

            await db.SaveChangesAsync();
            // The set-up site's clock stands still at its own instant; the process sends what is due by the real clock.
            await db.Set<OutboxEmail>().Where(m => m.RecipientAddresses == Recipient && m.Status == OutboxStatus.Queued)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        });
    }

    private async Task PrepareAsync()
    {
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            ResearchWords[cycle] = "Resilio" + Guid.NewGuid().ToString("N")[..8];
        }

        email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        CandidateId = await Site.CreatePersonAsync(email, [Roles.Candidate], password: Password);
        key = await Site.EnableTwoFactorAsync(email);

        // A window open now by the real clock, a bank of single-answer questions and a blueprint drawing all of them.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Site.WithScopeAsync(async sp =>
        {
            var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync($$"""
                { "name": "resilience window", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "Resilience programme", "framework": "practice-leader",
                    "windows": [ { "name": "Resilience window", "opens": "{{today.AddDays(-30):yyyy-MM-dd}}", "closes": "{{today.AddDays(120):yyyy-MM-dd}}", "capacity": 500 } ] } ] } ] }
                """);
            Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var window = await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Resilience window");
            var bank = Enumerable.Range(1, Positions).Select(i => new ItemDraft($"R{i}", "Single", "General", [i], null, null,
                $"Question {i}: which helps practice most?", ["Reflection", "Relationships", "Curiosity", "Timescales"], [1], false, "Because practice is relational.", "Live")).ToList();
            var saved = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(bank, "resilience-author", default);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
            db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = window.ProgrammeId, Rules = $"General={Positions}", TimeLimitMinutes = 120, PassMarkPercent = 60 });
            await db.SaveChangesAsync();
            windowId = window.Id;
        });
    }

    // Enrols, starts a reflective account and the sitting, over HTTP as the candidate would.
    private async Task StartJourneyAsync()
    {
        (portfolio, EvidenceItem) = await client.StartEvidenceAsync(Site, windowId);

        var assessment = await client.GetDocumentAsync("/assessment");
        var started = await client.PostAsync($"/assessment?handler=Start&enrolmentId={portfolio}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = assessment.AntiforgeryToken(),
        }));
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"Starting the sitting answered {(int)started.StatusCode} {started.Headers.Location}.");
        Sitting = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[3]);
        for (var position = 1; position <= Positions; position++)
        {
            // Each question's options get their tokens when first shown.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/assessment/sittings/{Sitting}/{position}")).StatusCode);
        }

        tokens = await Site.WithScopeAsync(async sp =>
        {
            var rows = await sp.GetRequiredService<AccreditationDbContext>().Set<SittingItem>().AsNoTracking().Where(i => i.SittingId == Sitting).ToListAsync();
            return rows.ToDictionary(r => r.Position, r => SittingService.ShownOptions(r.OptionOrder, r.OptionTokens!).OrderBy(o => o.Index).Select(o => o.Token).ToArray());
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        await Site.DisposeAsync();
    }

    private sealed class SetUpSite : PlatformFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["BackgroundTasks:Enabled"] = "false" };
    }
}
