using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Support;

/// <summary>Records the enrolments whose decisions were released (the knowledge assessment listens the same way).</summary>
public sealed class RecordingListener : IDecisionReleaseListener
{
    /// <summary>Every call, in order.</summary>
    public static readonly ConcurrentQueue<IReadOnlyCollection<Guid>> Calls = new();

    /// <inheritdoc />
    public Task DecisionsReleasedAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct = default)
    {
        Calls.Enqueue(enrolmentIds.ToList());
        return Task.CompletedTask;
    }
}

/// <summary>A seeded submission: its ids and the candidate's.</summary>
public sealed record Seeded(Guid SubmissionId, Guid EnrolmentId, string CandidateId, string CandidateEmail, Guid? OrganisationId);

/// <summary>
/// The site from the setup recipe plus a test programme with an open window; allocation runs only when a test asks (no
/// background timing), the second-marking sample has a fixed seed, and a listener records released decisions.
/// Submissions are seeded straight into the Portfolios tables (a snapshot built as Portfolios builds it), which keeps
/// the tests quick; the candidate's journey to submission is the Portfolios tests' business.
/// </summary>
public sealed class MarkingSite : PlatformFactory
{
    /// <summary>Every test person's password.</summary>
    public const string Password = People.Password;

    /// <summary>The site's configured address (Site:BaseUrl): every absolute URL it emits is on it.</summary>
    public const string Address = "https://accreditation.example.gov.uk";

    private readonly SemaphoreSlim setup = new(1, 1);
    private Guid? windowId;

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "10000",
        ["RateLimits:TokenPerMinute"] = "10000",
        ["Marking:AutoAllocate"] = "false",
        ["Marking:SampleSeed"] = "42",
        ["Site:BaseUrl"] = Address,
    };

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddScoped<IDecisionReleaseListener, RecordingListener>());
    }

    /// <summary>The test window (created on first use) and its programme.</summary>
    public async Task<(Guid Window, Guid Programme)> WindowAsync()
    {
        await setup.WaitAsync();
        try
        {
            if (windowId is null)
            {
                var result = await WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
                    { "name": "marking test window", "steps": [ { "name": "programmes", "programmes": [
                      { "name": "Marking test programme", "framework": "practice-leader", "validYears": 3,
                        "windows": [ { "name": "Marking test window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 5000 } ] } ] } ] }
                    """));
                Assert.True(result.Succeeded, string.Join("; ", result.Errors));
                windowId = await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Name == "Marking test window").Select(w => w.Id).SingleAsync());
            }

            var programme = await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Id == windowId).Select(w => w.ProgrammeId).SingleAsync());
            return (windowId.Value, programme);
        }
        finally
        {
            setup.Release();
        }
    }

    /// <summary>
    /// Seeds a candidate (in an organisation) with an endorsed, submitted portfolio: one reflective account mapped to every
    /// statement and, when <paramref name="fileName"/> is given, a stored PDF with that original name. Files in
    /// <paramref name="uploads"/> go through the candidate's real upload (inspection, stripping, neutral titles) and into
    /// the snapshot as Portfolios builds a blind one. The endorser is recorded by email and, when they have an account,
    /// by user id.
    /// </summary>
    public async Task<Seeded> SubmissionAsync(Guid? organisation, string? candidateEmail = null, string? candidateName = null, string endorserEmail = "endorser@example.gov.uk", string? fileName = null, string body = "I led a review of supervision and changed how we reflect on practice with families.", IReadOnlyList<(string FileName, byte[] Content)>? uploads = null, Guid? window = null)
    {
        window ??= (await WindowAsync()).Window;
        candidateEmail ??= $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        var candidateId = await this.CreatePersonAsync(candidateEmail, [Roles.Candidate], u =>
        {
            u.OrganisationId = organisation;
            u.DisplayName = candidateName ?? "Test candidate";
        }, Password);
        return await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var version = (await sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("practice-leader"))!;
            var clock = sp.GetRequiredService<TimeProvider>();
            var now = clock.GetUtcNow();
            var enrolment = new Enrolment { Id = Guid.NewGuid(), WindowId = window.Value, CandidateId = candidateId, OrganisationId = organisation, EnrolledAt = now };
            db.Add(enrolment);
            var endorserId = await db.Users.Where(u => u.Email == endorserEmail).Select(u => u.Id).SingleOrDefaultAsync();
            db.Add(new Endorsement
            {
                Id = Guid.NewGuid(), EnrolmentId = enrolment.Id, EndorserId = endorserId, EndorserName = "Endorsing Manager", EndorserEmail = endorserEmail, EndorserRole = "Line manager",
                Status = EndorsementStatus.Endorsed, RequestedAt = now, RespondedAt = now,
            });
            await db.SaveChangesAsync();
            var items = new List<ItemEntry>
            {
                new(Guid.NewGuid(), EvidenceKind.ReflectiveAccount, "Leading the supervision review", body, null, null, null,
                    version.Statements.Select(s => new MappingEntry(s.Id, s.Number, $"How this shows statement {s.Number}")).ToList(), now, now),
            };
            var fileIds = new List<Guid>();
            if (fileName is not null)
            {
                var content = Encoding.ASCII.GetBytes("%PDF-1.4\n% plan of supervision\n%%EOF\n");
                var file = new PortfolioFile { Id = Guid.NewGuid(), EnrolmentId = enrolment.Id, FileName = fileName, ContentType = "application/pdf", Length = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), StoredAt = now };
                db.Add(file);
                await sp.GetRequiredService<PortfolioFileStore>().SaveAsync(file.Id, content, CancellationToken.None);
                items.Add(new(Guid.NewGuid(), EvidenceKind.Document, "Supervision plan", "The plan I wrote.", null, null,
                    new FileEntry(file.Id, file.FileName, file.ContentType, file.Length, file.Sha256, FileEntry.PathFor(file.Id, file.ContentType)),
                    [new MappingEntry(version.Statements[3].Id, 4, "The plan shows how I develop practitioners.")], now, now));
                fileIds.Add(file.Id);
            }

            if (uploads is { Count: > 0 })
            {
                var portfolios = sp.GetRequiredService<Accreditation.Portfolios.Evidence.CandidatePortfolio>();
                foreach (var (name, content) in uploads)
                {
                    var loaded = (await portfolios.LoadAsync(enrolment.Id, CancellationToken.None))!;
                    var uploaded = await sp.GetRequiredService<EvidenceUploads>().AddAsync(loaded, name, content, "", version.Statements[3].Id, CancellationToken.None);
                    Assert.True(uploaded.Item is not null, uploaded.Refusal);
                }

                var blind = PortfolioDocuments.From((await portfolios.LoadAsync(enrolment.Id, CancellationToken.None))!, null, now, blind: true);
                items.AddRange(blind.Items);
                fileIds.AddRange(blind.Items.Where(i => i.File is not null).Select(i => i.File!.Id));
            }

            var document = new PortfolioDocument(PortfolioDocument.CurrentFormat, "Marking test programme", "Marking test window",
                new FrameworkReference(version.Key, version.Name, version.Number, version.Id),
                version.Statements.Select(s => new StatementEntry(s.Id, s.Number, s.Title, s.Description)).ToList(), items,
                new EndorsementEntry(EndorsementStatus.Endorsed, null, "Line manager", null, null, now), now);
            var json = document.ToJson();
            var submission = new Submission
            {
                Id = Guid.NewGuid(), EnrolmentId = enrolment.Id, Attempt = 1, SubmittedAt = now, SnapshotJson = json, ContentHash = PortfolioSubmission.Hash(json),
                Status = SubmissionStatus.Submitted, StatusChangedAt = now,
            };
            foreach (var id in fileIds)
            {
                submission.Files.Add(new SubmissionFile { SubmissionId = submission.Id, FileId = id });
            }

            db.Add(submission);
            await db.SaveChangesAsync();
            return new Seeded(submission.Id, enrolment.Id, candidateId, candidateEmail, organisation);
        });
    }

    /// <summary>A programme of its own (the practice-leader framework, valid 3 years) with a window open on the test clock; returns both ids.</summary>
    public async Task<(Guid Window, Guid Programme)> ProgrammeAsync(string name)
    {
        var result = await WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync($$"""
            { "name": "{{name}}", "steps": [ { "name": "programmes", "programmes": [
              { "name": "{{name}}", "framework": "practice-leader", "validYears": 3,
                "windows": [ { "name": "{{name}} window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 5000 } ] } ] } ] }
            """));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return await WithScopeAsync(async sp =>
        {
            var window = await sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().SingleAsync(w => w.Name == name + " window");
            return (window.Id, window.ProgrammeId);
        });
    }

    /// <summary>Saves a new version of a programme's decision rule through the service the rule page uses.</summary>
    public Task RuleAsync(Guid programme, IReadOnlyList<string> components, int samplePercent = 0) =>
        WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<Accreditation.Marking.Rubrics.DecisionRules>().AddVersionAsync(programme, new Accreditation.Marking.Rubrics.DecisionRuleInput(2, 0, samplePercent, 1, 28, components), null, CancellationToken.None);
            await sp.GetRequiredService<AccreditationDbContext>().SaveChangesAsync();
        });

    /// <summary>
    /// Gives a programme a knowledge assessment: two single-answer items in a statement group of its own (the second
    /// option is right), a blueprint drawing both, pass mark 50%, 2 attempts, 28 days before a resit.
    /// </summary>
    public Task KnowledgeAssessmentAsync(Guid programme) =>
        WithScopeAsync(async sp =>
        {
            var group = "Group " + programme.ToString("N")[..8];
            var items = new[]
            {
                new Accreditation.Assessments.Bank.ItemDraft($"K1-{group[6..]}", "Single", group, [1], null, null, "Which helps reflective practice most?", ["More paperwork", "Regular supervision", "Fewer visits"], [2], false, null, "Live"),
                new Accreditation.Assessments.Bank.ItemDraft($"K2-{group[6..]}", "Single", group, [2], null, null, "Whom should a practice leader ask about the help given?", ["Nobody", "Families", "The auditors"], [2], false, null, "Live"),
            };
            var saved = await sp.GetRequiredService<Accreditation.Assessments.Bank.QuestionBank>().SaveAllAsync(items, "marking-tests", CancellationToken.None);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.Add(new Accreditation.Assessments.Data.Blueprint { Id = Guid.NewGuid(), ProgrammeId = programme, Rules = $"{group}=2", TimeLimitMinutes = 30, PassMarkPercent = 50, MaxAttempts = 2, ResitAfterDays = 28 });
            await db.SaveChangesAsync();
        });

    /// <summary>Starts the candidate's sitting through the assessment's own service; returns its id.</summary>
    public Task<Guid> StartSittingAsync(Seeded candidate) =>
        WithScopeAsync(async sp =>
        {
            var started = await sp.GetRequiredService<Accreditation.Assessments.Sittings.SittingService>().StartAsync(candidate.EnrolmentId, candidate.CandidateId, CancellationToken.None);
            Assert.True(started.SittingId is not null, started.Error);
            return started.SittingId!.Value;
        });

    /// <summary>Answers every question of a sitting (right or wrong) with the values the page shows, and submits it, through the assessment's own service.</summary>
    public Task FinishSittingAsync(Seeded candidate, Guid sitting, bool pass) =>
        WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var sittings = sp.GetRequiredService<Accreditation.Assessments.Sittings.SittingService>();
            var rows = await (from i in db.Set<Accreditation.Assessments.Data.SittingItem>().AsNoTracking()
                              join q in db.Set<Accreditation.Assessments.Data.QuestionItem>() on i.ItemId equals q.Id
                              where i.SittingId == sitting
                              select new { i.Position, i.OptionOrder, i.OptionTokens, q.Correct }).ToListAsync();
            foreach (var row in rows)
            {
                var right = int.Parse(row.Correct.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
                var shown = Accreditation.Assessments.Sittings.SittingService.ShownOptions(row.OptionOrder, row.OptionTokens!);
                var choice = shown.First(o => pass ? o.Index == right : o.Index != right).Token;
                var saved = await sittings.SaveAsync(sitting, candidate.CandidateId, row.Position, [choice], null, CancellationToken.None);
                Assert.Equal(Accreditation.Assessments.Sittings.SaveOutcome.Saved, saved.Outcome);
            }

            Assert.True(await sittings.SubmitByCandidateAsync(sitting, candidate.CandidateId, CancellationToken.None));
        });

    /// <summary>Sits the knowledge assessment start to finish, passing or failing.</summary>
    public async Task SitAsync(Seeded candidate, bool pass) => await FinishSittingAsync(candidate, await StartSittingAsync(candidate), pass);

    /// <summary>Releases cases through the release service, as a lead assessor's page does.</summary>
    public Task<Accreditation.Marking.Release.ReleaseResult> ReleaseAsync(params Guid[] caseIds) =>
        WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync(caseIds, "lead", CancellationToken.None));

    /// <summary>Creates an assessor (two-factor on) in an organisation; returns their id and email.</summary>
    public async Task<(string Id, string Email)> AssessorAsync(Guid? organisation, string role = Roles.Assessor, string? name = null, int? capacity = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.gov.uk";
        var id = await this.CreatePersonAsync(email, role == Roles.LeadAssessor ? [Roles.Assessor, Roles.LeadAssessor] : [role], u =>
        {
            u.OrganisationId = organisation;
            u.DisplayName = name ?? $"Assessor {email[..14]}";
        }, Password);
        if (capacity is { } c)
        {
            await WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<AccreditationDbContext>();
                db.Add(new AssessorProfile { UserId = id, Capacity = c });
                await db.SaveChangesAsync();
            });
        }

        return (id, email);
    }

    /// <summary>A browser signed in as an existing person (with two-factor where their role needs it).</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = CreateBrowserLikeClient();
        var response = await client.SignInWithTwoFactorAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A browser signed in as the person with this user id (every test person shares the password).</summary>
    public async Task<HttpClient> SignedInAsIdAsync(string userId) =>
        await SignedInAsync(await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync()));

    /// <summary>A browser signed in as a candidate (no two-factor).</summary>
    public async Task<HttpClient> CandidateClientAsync(string email)
    {
        var client = CreateBrowserLikeClient();
        var response = await client.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Runs allocation now.</summary>
    public Task<int> AllocateAsync() => WithScopeAsync(sp => sp.GetRequiredService<MarkingAllocation>().AllocatePendingAsync());

    /// <summary>The case of a submission, with its markings.</summary>
    public Task<MarkingCase> CaseOfAsync(Guid submissionId) =>
        WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).ThenInclude(m => m.Marks).AsSplitQuery().SingleAsync(c => c.SubmissionId == submissionId));

    /// <summary>The live marking of a role of a case.</summary>
    public async Task<AssessorMarking> MarkingOfAsync(Guid submissionId, MarkingRole role) =>
        (await CaseOfAsync(submissionId)).Markings.Single(m => m.Role == role && m.Status != MarkingStatus.Reallocated);

    /// <summary>Marks a case's open marking of a role through the services (quick), one grade per statement in order, and submits it.</summary>
    public Task MarkWithServicesAsync(Guid submissionId, MarkingRole role, IReadOnlyList<int> levels, string comment = "Feedback on this statement.") =>
        WithScopeAsync(async sp =>
        {
            var marking = await MarkingOfAsync(submissionId, role);
            var work = sp.GetRequiredService<Accreditation.Marking.Work.MarkingWork>();
            var open = await work.OpenAsync(marking.CaseId, marking.AssessorId, CancellationToken.None) ?? throw new InvalidOperationException("The marking could not be opened.");
            var inputs = open.Marking.Marks.OrderBy(m => m.StatementNumber)
                .Select((m, i) => new Accreditation.Marking.Work.MarkInput(m.StatementNumber, levels[Math.Min(i, levels.Count - 1)], comment)).ToList();
            var result = await work.SaveAsync(open.Marking.Id, open.Marking.Version, inputs, "Overall comment.", submit: true, open.Rubric.Levels.Count, CancellationToken.None);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        });

    /// <summary>Marks a case through the marking page and submits; returns the submit response.</summary>
    public static async Task<HttpResponseMessage> MarkAsync(HttpClient assessor, Guid caseId, IReadOnlyList<int> levels, string comment = "Clear evidence of leadership.", string overall = "A well-evidenced portfolio.")
    {
        var url = $"/marking/cases/{caseId}";
        var page = await assessor.GetDocumentAsync(url);
        var fields = FormFields(page, levels, comment, overall);
        return await assessor.PostAsync(url + "?handler=Submit", new FormUrlEncodedContent(fields));
    }

    /// <summary>The marking form's fields filled with grades (one per statement, in order) and comments.</summary>
    public static Dictionary<string, string> FormFields(IHtmlDocument page, IReadOnlyList<int> levels, string comment, string overall)
    {
        var form = page.QuerySelector("form#marking-form") ?? throw new InvalidOperationException("The page has no marking form: " + page.Title);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
            ["RowVersion"] = ((IHtmlInputElement)form.QuerySelector("input[name=RowVersion]")!).Value,
            ["OverallComment"] = overall,
        };
        var numbers = form.QuerySelectorAll("input[name$='.StatementNumber']").Cast<IHtmlInputElement>().ToList();
        for (var i = 0; i < numbers.Count; i++)
        {
            fields[numbers[i].Name!] = numbers[i].Value;
            var prefix = numbers[i].Name![..^".StatementNumber".Length];
            fields[prefix + ".Level"] = levels[Math.Min(i, levels.Count - 1)].ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[prefix + ".Comment"] = $"{comment} (statement {numbers[i].Value})";
        }

        return fields;
    }

    /// <summary>Warnings and errors the server logged, less those the test host always causes.</summary>
    public IReadOnlyList<string> UnexpectedServerProblems() =>
        ServerProblems.Where(p => !p.Contains("The WebRootPath was not found", StringComparison.Ordinal)
            && !p.Contains("A request body size limit could not be applied", StringComparison.Ordinal)
            && !p.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)
            && !MissingFiles.IsDeliberatelyMissing(p)).ToList();
}
