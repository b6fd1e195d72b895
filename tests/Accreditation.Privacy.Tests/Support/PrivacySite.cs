using System.Net;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Cpd.Records;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Release;
using Accreditation.Marking.Work;
using Accreditation.Notifications.Sending;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Accreditation.Privacy.Requests;
using Accreditation.Privacy.Retention;
using Accreditation.Publishing.Data;
using Accreditation.Research.SavedSearches;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Accreditation.Privacy.Tests.Support;

/// <summary>A person the tests made, with data in every module: their ids, and the client they are signed in with.</summary>
public sealed record Subject(string UserId, string Email, string Name, Guid EnrolmentId, Guid SubmissionId, Guid SittingId, Guid CpdRecordId, HttpClient Client);

/// <summary>
/// The site from the setup recipe with every background task that a test could race switched off (the tests run
/// rounds themselves on the fake clock), and the host's own request logging at Information, as an operator might set
/// it, so a secret in a URL would reach the log if anything let it.
/// </summary>
public class PrivacySite : PlatformFactory
{
    /// <summary>The organisation test people belong to.</summary>
    public static readonly Guid Organisation = Guid.Parse("6f1f3c52-0b5f-4d1e-9a43-9f0d2b6a7e01");

    /// <summary>The assessors' organisation (never the candidate's).</summary>
    public static readonly Guid AssessorOrganisation = Guid.Parse("6f1f3c52-0b5f-4d1e-9a43-9f0d2b6a7e02");

    private readonly SemaphoreSlim setup = new(1, 1);
    private Guid? programme;

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "10000",
        ["Marking:AutoAllocate"] = "false",
        ["Marking:SampleSeed"] = "42",
        ["Email:Dispatch:Enabled"] = "false",
        ["Privacy:BackgroundTasks:Enabled"] = "false",
        ["Research:Alerts:Enabled"] = "false",
        ["Publishing:BackgroundTasks:Enabled"] = "false",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
    };

    /// <summary>Runs one round of the privacy requests task.</summary>
    public Task<RequestRound> AnswerRequestsAsync() => WithScopeAsync(sp => sp.GetRequiredService<PrivacyRequestProcessor>().RunAsync());

    /// <summary>Runs every retention kind now.</summary>
    public Task<IReadOnlyList<RetentionOutcome>> ApplyRetentionAsync() => WithScopeAsync(sp => sp.GetRequiredService<RetentionRunner>().RunAsync(force: true));

    /// <summary>Sends every queued email (to the pickup folder).</summary>
    public Task DispatchEmailAsync() => WithScopeAsync(async sp =>
    {
        var settings = EmailSettings.Read(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseSettings>(), sp.GetRequiredService<IHostEnvironment>());
        await sp.GetRequiredService<EmailDispatcher>().DrainAsync(settings);
    });

    /// <summary>A client signed in as the first admin.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var client = CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        return client;
    }

    /// <summary>
    /// The test programme (with a question bank and blueprint, made once) and a window open today: the clock moves years
    /// in some tests, so a window is added around today's date whenever none is open.
    /// </summary>
    public async Task<(Guid Programme, Guid Window)> ProgrammeAsync()
    {
        await setup.WaitAsync();
        try
        {
            programme ??= await WithScopeAsync(async sp =>
            {
                var result = await sp.GetRequiredService<RecipeRunner>().RunAsync("""
                    { "name": "privacy test programme", "steps": [ { "name": "programmes", "programmes": [
                      { "name": "Privacy test programme", "framework": "practice-leader", "validYears": 3,
                        "windows": [ { "name": "Privacy test window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 5000 } ] } ] } ] }
                    """);
                Assert.True(result.Succeeded, string.Join("; ", result.Errors));
                var db = sp.GetRequiredService<AccreditationDbContext>();
                var created = await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Privacy test window");
                var bank = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(
                [
                    new ItemDraft("P1", "Single", "General", [1], null, null, "Which is the first purpose of supervision?", ["Compliance", "Reflection on practice", "Case allocation"], [2], false, "Reflection comes first", "Live"),
                    new ItemDraft("P2", "Single", "General", [2], null, null, "What most helps practitioners spend time with families?", ["More forms", "Manageable caseloads", "Stricter deadlines"], [2], false, "Caseloads", "Live"),
                ], "test-author", default);
                Assert.True(bank.Succeeded, string.Join("; ", bank.Errors.Select(e => e.Message)));
                db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = created.ProgrammeId, Rules = "General=2", TimeLimitMinutes = 60, PassMarkPercent = 50 });
                await db.SaveChangesAsync();
                await People.EnsureOrganisationAsync(sp, Organisation);
                await People.EnsureOrganisationAsync(sp, AssessorOrganisation);
                return created.ProgrammeId;
            });
            var programmeId = programme.Value;
            var windowId = await WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<AccreditationDbContext>();
                var today = Core.Dates.UkCalendar.Today(sp.GetRequiredService<TimeProvider>());
                if (await db.Set<AssessmentWindow>().Where(w => w.ProgrammeId == programmeId && w.OpensOn <= today && w.ClosesOn >= today).Select(w => (Guid?)w.Id).FirstOrDefaultAsync() is { } open)
                {
                    return open;
                }

                var added = new AssessmentWindow { Id = Guid.NewGuid(), ProgrammeId = programmeId, Name = $"Window from {today:yyyy-MM-dd}", OpensOn = today.AddDays(-1), ClosesOn = today.AddMonths(6), Capacity = 5000 };
                db.Add(added);
                await db.SaveChangesAsync();
                return added.Id;
            });
            return (programmeId, windowId);
        }
        finally
        {
            setup.Release();
        }
    }

    /// <summary>A one-page PDF holding the text.</summary>
    public static byte[] Pdf(string text)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(595, 842);
        page.AddText(text, 12, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    /// <summary>
    /// A candidate with data in every module: an enrolment with a reflective account and an uploaded file, an
    /// endorsement (its email naming them went to the endorser), a submitted snapshot, a knowledge assessment sitting,
    /// a CPD record with an attachment, a saved search, a subscription, and audit entries of their own; when
    /// <paramref name="decide"/>, the portfolio is marked and the decision released (an award and an email to them).
    /// </summary>
    public async Task<Subject> CandidateWithDataAsync(string name, string email, bool decide = true)
    {
        var (_, windowId) = await ProgrammeAsync();
        var userId = await this.CreatePersonAsync(email, [Roles.Candidate], u =>
        {
            u.DisplayName = name;
            u.OrganisationId = Organisation;
        });
        var client = CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        var enrol = await client.PostFormAsync($"/portfolio/enrol/{windowId}", new Dictionary<string, string> { ["Adjustments"] = $"{name} needs a screen reader." });
        Assert.Equal(HttpStatusCode.Redirect, enrol.StatusCode);
        var enrolmentId = Guid.Parse(enrol.Headers.Location!.OriginalString.Split('/').Last());

        var submissionId = await WithScopeAsync(async sp =>
        {
            var portfolios = sp.GetRequiredService<CandidatePortfolio>();
            var portfolio = (await portfolios.LoadAsync(enrolmentId, default))!;
            var editor = sp.GetRequiredService<EvidenceEditor>();
            var item = await editor.CreateAsync(portfolio, EvidenceKind.ReflectiveAccount, null, default);
            portfolio = (await portfolios.LoadAsync(enrolmentId, default))!;
            var saved = await editor.SaveAsync(portfolio, item.Id, item.Version, new EvidenceDraft(
                "Leading the supervision review",
                $"I am {name}. I led a review of supervision and changed how we reflect on practice with families.",
                null, null,
                portfolio.Framework.Statements.Select(s => new MappingDraft(s.Id, true, $"How this shows statement {s.Number}")).ToList()), autosave: false, default);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
            portfolio = (await portfolios.LoadAsync(enrolmentId, default))!;
            var upload = await sp.GetRequiredService<EvidenceUploads>().AddAsync(portfolio, "supervision-plan.pdf", Pdf($"Supervision plan written by {name}"), "Supervision plan",
                portfolio.Framework.Statements[0].Id, default);
            Assert.Null(upload.Refusal);

            // Endorsed by a (stand-in) endorser of the candidate's authority, on the portfolio as it is now.
            var db = sp.GetRequiredService<AccreditationDbContext>();
            portfolio = (await portfolios.LoadAsync(enrolmentId, default))!;
            var content = PortfolioContent.Of(portfolio);
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            db.Add(new Endorsement
            {
                Id = Guid.NewGuid(), EnrolmentId = enrolmentId, EndorserId = $"endorser-{Guid.NewGuid():N}", EndorserName = "Morag Endorser",
                EndorserEmail = "morag.endorser@example.gov.uk", EndorserRole = "Line manager", Status = EndorsementStatus.Endorsed,
                RequestedAt = now, RespondedAt = now, ReadinessStatement = $"{name} is ready for accreditation.",
                EndorsedContent = content.ToJson(), EndorsedContentHash = content.Hash(),
            });
            await db.SaveChangesAsync();

            portfolio = (await portfolios.LoadAsync(enrolmentId, default))!;
            var (submission, problems) = await sp.GetRequiredService<PortfolioSubmission>().SubmitAsync(portfolio, privacyConfirmed: true, default);
            Assert.True(submission is not null, string.Join("; ", problems.Select(p => p.Message)));
            return submission!.Id;
        });

        var sittingId = await WithScopeAsync(async sp =>
        {
            var sittings = sp.GetRequiredService<SittingService>();
            var started = await sittings.StartAsync(enrolmentId, userId, default);
            Assert.True(started.SittingId is not null, started.Error);
            var id = started.SittingId!.Value;
            // Every answer right, so the knowledge assessment is met and a decision can give the award.
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var rows = await (from i in db.Set<SittingItem>().AsNoTracking()
                              join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                              where i.SittingId == id
                              select new { i.Position, i.OptionOrder, i.OptionTokens, q.Correct }).ToListAsync();
            foreach (var row in rows)
            {
                var right = int.Parse(row.Correct.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
                var choice = SittingService.ShownOptions(row.OptionOrder, row.OptionTokens!).First(o => o.Index == right).Token;
                Assert.Equal(SaveOutcome.Saved, (await sittings.SaveAsync(id, userId, row.Position, [choice], null, default)).Outcome);
            }

            Assert.True(await sittings.SubmitByCandidateAsync(id, userId, default));
            return id;
        });

        var cpdRecordId = await WithScopeAsync(async sp =>
        {
            var today = Core.Dates.UkCalendar.Today(sp.GetRequiredService<TimeProvider>());
            var saved = await sp.GetRequiredService<CpdRecords>().SaveAsync(userId, null, 0, new CpdInput
            {
                ActivityType = "Reading",
                Title = "Reading about neglect",
                DateDay = today.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DateMonth = today.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DateYear = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Hours = "2",
                Description = $"Notes by {name} on a review of neglect.",
                Learning = "How neglect builds up over time.",
                Impact = "I now ask about it in supervision.",
            }, default);
            Assert.True(saved.RecordId is not null, string.Join("; ", saved.Errors.Select(e => e.Message)));
            Assert.Null(await sp.GetRequiredService<CpdAttachments>().AddAsync(userId, saved.RecordId!.Value, "certificate.pdf", Pdf($"Certificate of attendance for {name}"), default));

            var db = sp.GetRequiredService<AccreditationDbContext>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            db.Add(new SavedSearch { Id = Guid.NewGuid(), UserId = userId, Name = "Neglect research", Query = "q=neglect", WeeklyAlert = true, CreatedAt = now, AlertsFrom = now });
            db.Add(new UpdateSubscription { Id = Guid.NewGuid(), UserId = userId, Topic = "", Frequency = SubscriptionFrequency.Weekly, CreatedAt = now });
            await db.SaveChangesAsync();
            return saved.RecordId!.Value;
        });

        // The candidate's own pages: audit entries by them.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/portfolio/{enrolmentId}/export")).StatusCode);

        if (decide)
        {
            await DecideAsync(submissionId);
        }

        return new Subject(userId, email, name, enrolmentId, submissionId, sittingId, cpdRecordId, client);
    }

    /// <summary>Allocates a submission to a new assessor, marks it (every statement at the top level) and returns its case.</summary>
    public async Task<MarkingCase> MarkAsync(Guid submissionId)
    {
        var assessor = await this.CreatePersonAsync($"assessor-{Guid.NewGuid():N}@example.gov.uk", [Roles.Assessor], u =>
        {
            u.DisplayName = "Test assessor";
            u.OrganisationId = AssessorOrganisation;
        });
        await WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            if (!await db.Set<AssessorProfile>().AnyAsync(p => p.UserId == assessor))
            {
                db.Add(new AssessorProfile { UserId = assessor, Capacity = 50 });
                await db.SaveChangesAsync();
            }

            await sp.GetRequiredService<MarkingAllocation>().AllocatePendingAsync();
        });
        await MarkOpenAsync(submissionId, MarkingRole.First);
        var markingCase = await CaseAsync(submissionId);
        if (markingCase.Status == CaseStatus.SecondMarking)
        {
            await WithScopeAsync(async sp => await sp.GetRequiredService<MarkingAllocation>().AllocatePendingAsync());
            await MarkOpenAsync(submissionId, MarkingRole.Second);
        }

        return await CaseAsync(submissionId);
    }

    /// <summary>Marks, then releases the decision (an award and an email to the candidate).</summary>
    public async Task DecideAsync(Guid submissionId)
    {
        var markingCase = await MarkAsync(submissionId);
        Assert.Equal(CaseStatus.ReadyForRelease, markingCase.Status);
        var result = await WithScopeAsync(sp => sp.GetRequiredService<DecisionRelease>().ReleaseAsync([markingCase.Id], "lead", CancellationToken.None));
        Assert.Equal([markingCase.Id], result.Released);
    }

    /// <summary>The case of a submission.</summary>
    public Task<MarkingCase> CaseAsync(Guid submissionId) =>
        WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<MarkingCase>().AsNoTracking().Include(c => c.Markings).SingleAsync(c => c.SubmissionId == submissionId));

    private Task MarkOpenAsync(Guid submissionId, MarkingRole role) => WithScopeAsync(async sp =>
    {
        var marking = (await CaseAsync(submissionId)).Markings.Single(m => m.Role == role && m.Status != MarkingStatus.Reallocated);
        var work = sp.GetRequiredService<MarkingWork>();
        var open = await work.OpenAsync(marking.CaseId, marking.AssessorId, CancellationToken.None) ?? throw new InvalidOperationException("The marking could not be opened.");
        var top = open.Rubric.Levels.Count - 1;
        var inputs = open.Marking.Marks.OrderBy(m => m.StatementNumber).Select(m => new MarkInput(m.StatementNumber, top, "Clear, well-evidenced leadership.")).ToList();
        var saved = await work.SaveAsync(open.Marking.Id, open.Marking.Version, inputs, "A strong portfolio.", submit: true, open.Rubric.Levels.Count, CancellationToken.None);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
    });

    /// <summary>The person's user account, or null once erased.</summary>
    public Task<PlatformUser?> UserAsync(string userId) =>
        WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId));
}
