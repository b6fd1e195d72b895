using System.IO.Compression;
using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Statistics;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Cpd.Data;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Privacy.Tests;

/// <summary>
/// The personal-data lifecycle end to end, on SQLite and PostgreSQL: every module declares what it holds; a person
/// with data in every module gets all of it in one ZIP, then is erased, after which nothing anywhere names them except
/// the records the plan said are held; and a case being marked holds its portfolio until it ends.
/// </summary>
public sealed class PersonalDataLifecycleTests(PrivacySite site) : IClassFixture<PrivacySite>
{
    /// <summary>Files the test host writes itself (not the site): never searched.</summary>
    private static readonly string[] TestArtefacts = ["key-ring.pfx"];

    [Fact]
    public async Task Every_entity_of_the_model_that_holds_personal_data_is_declared_by_a_module()
    {
        var (model, declarations) = await site.WithScopeAsync(sp => Task.FromResult((
            sp.GetRequiredService<AccreditationDbContext>().Model,
            sp.GetRequiredService<PersonalDataProviders>().All().Select(p => p.Provider.Declaration).ToList())));

        Assert.Empty(Coverage.Problems(model, declarations));
    }

    [Fact]
    public async Task An_entity_holding_personal_data_that_no_module_declares_is_named_by_the_coverage_check()
    {
        var declarations = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<PersonalDataProviders>().All().Select(p => p.Provider.Declaration).ToList()));
        using var probe = new ProbeContext(new DbContextOptionsBuilder<ProbeContext>().UseSqlite("Data Source=:memory:").Options);

        var problems = Coverage.Problems(probe.Model, declarations);

        Assert.Contains(problems, p => p.Contains(typeof(UndeclaredNote).FullName!, StringComparison.Ordinal) && p.Contains("AuthorEmail", StringComparison.Ordinal) && p.Contains("no module declares it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_with_data_in_every_module_gets_all_of_it_in_one_zip_then_is_erased_leaving_only_the_held_records()
    {
        var person = await site.CandidateWithDataAsync("Zephyrine Quillfeather", "zephyrine.quillfeather@example.gov.uk");
        var statisticsBefore = await ResponsesPerItemAsync();

        // The person asks for a copy from their account page; the background task prepares it.
        var asked = await person.Client.PostFormAsync("/account/privacy", new Dictionary<string, string>(), "/account/privacy?handler=Copy");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(1, (await site.AnswerRequestsAsync()).Copies);
        await site.DispatchEmailAsync();

        var declarations = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<PersonalDataProviders>().All().Select(p => p.Provider.Declaration).ToList()));
        Assert.Empty(Coverage.UndeclaredStores(site.AppDataPath, declarations, TestArtefacts));

        var account = await person.Client.GetDocumentAsync("/account/privacy");
        var row = account.QuerySelector("table.app-privacy-requests tbody tr")!;
        Assert.Contains("Ready to download", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 December 2026", row.TextContent, StringComparison.Ordinal); // due one calendar month after 2 November
        var download = await person.Client.GetAsync(row.QuerySelector("a[href$='/download']")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", download.Content.Headers.ContentDisposition?.ToString() ?? download.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);

        using (var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read))
        {
            string Entry(string name) => new StreamReader(zip.GetEntry(name)?.Open() ?? throw new InvalidOperationException($"The ZIP has no {name}: {string.Join(", ", zip.Entries.Select(e => e.FullName))}")).ReadToEnd();
            var index = Entry("index.html");
            Assert.Contains("Zephyrine Quillfeather", index, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", index, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("zephyrine.quillfeather@example.gov.uk", Entry("identity.json"), StringComparison.Ordinal);
            var portfolio = Entry("portfolios.json");
            Assert.Contains("Leading the supervision review", portfolio, StringComparison.Ordinal);
            Assert.Contains("Morag Endorser", portfolio, StringComparison.Ordinal); // the endorsement
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("files/portfolios/evidence/", StringComparison.Ordinal) && e.FullName.EndsWith("supervision-plan.pdf", StringComparison.Ordinal) && e.Length > 0);
            var marking = Entry("marking.json");
            Assert.Contains("Accredited", marking, StringComparison.Ordinal);
            Assert.Contains("Clear, well-evidenced leadership.", marking, StringComparison.Ordinal); // feedback of the released decision
            Assert.Contains("certificateCode", marking, StringComparison.Ordinal);
            Assert.Contains("\"attempt\": 1", Entry("assessments.json"), StringComparison.Ordinal);
            Assert.Contains("Reading about neglect", Entry("cpd.json"), StringComparison.Ordinal);
            Assert.Contains(zip.Entries, e => e.FullName.StartsWith("files/cpd/attachments/", StringComparison.Ordinal) && e.FullName.EndsWith("certificate.pdf", StringComparison.Ordinal) && e.Length > 0);
            Assert.Contains("Neglect research", Entry("research.json"), StringComparison.Ordinal);
            Assert.Contains("subscriptions", Entry("publishing.json"), StringComparison.Ordinal);
            Assert.Contains("The decision on your accreditation is ready", Entry("notifications.json"), StringComparison.Ordinal);
            Assert.Contains("portfolio.exported", Entry("core.json"), StringComparison.Ordinal);
        }

        var admin = await site.AdminAsync();
        var requests = await admin.GetDocumentAsync("/admin/privacy");
        var listed = requests.QuerySelector("table.app-privacy-requests tbody tr")!.TextContent;
        Assert.Contains("Zephyrine Quillfeather", listed, StringComparison.Ordinal);
        Assert.Contains("Downloaded", listed, StringComparison.Ordinal);
        Assert.Contains("2 December 2026", listed, StringComparison.Ordinal);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AnyAsync(a => a.Action == "privacy.copy-downloaded" && a.UserId == person.UserId)));

        // The admin erases the person: the plan comes first, then the erasure runs in the background.
        var plan = await admin.GetDocumentAsync($"/admin/privacy/erase/{person.UserId}");
        string Lines(string action) => plan.QuerySelector($"table.app-erasure-plan[data-action={action}]")?.TextContent ?? "";
        Assert.Contains("accreditation records", Lines("Keep"), StringComparison.Ordinal);
        Assert.Contains("public register", Lines("Keep"), StringComparison.Ordinal);
        Assert.Contains("portfolios", Lines("Delete"), StringComparison.Ordinal);
        Assert.Contains("CPD records", Lines("Delete"), StringComparison.Ordinal);
        Assert.Contains("saved searches", Lines("Delete"), StringComparison.Ordinal);
        Assert.Contains("subscriptions", Lines("Delete"), StringComparison.Ordinal);
        Assert.Contains("emails to the person", Lines("Delete"), StringComparison.Ordinal);
        Assert.Contains("knowledge assessment sittings", Lines("Anonymise"), StringComparison.Ordinal);
        Assert.Contains("audit trail entries", Lines("Anonymise"), StringComparison.Ordinal);
        Assert.Equal("", Lines("Held"));

        var refused = await admin.PostFormAsync($"/admin/privacy/erase/{person.UserId}", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Confirm that the person asked for erasure", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var confirmed = await admin.PostFormAsync($"/admin/privacy/erase/{person.UserId}", new Dictionary<string, string> { ["Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(1, (await site.AnswerRequestsAsync()).Erasures);
        await site.DispatchEmailAsync();

        var erasure = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking()
            .SingleAsync(r => r.Kind == PrivacyRequestKind.Erasure && r.RequestedById != person.UserId && r.State == PrivacyRequestState.Erased));
        Assert.StartsWith(DataSubject.PseudonymPrefix, erasure.SubjectId, StringComparison.Ordinal);
        Assert.Null(await site.UserAsync(person.UserId));
        Assert.Equal(statisticsBefore, await ResponsesPerItemAsync()); // the answers stay, without the person
        var award = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.HolderName == person.Name));
        Assert.Equal(erasure.SubjectId, award.HolderId);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().GetAsync($"/verify/{award.VerificationCode}")).StatusCode);
        var pseudonymised = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.CountAsync(a => a.UserId == erasure.SubjectId));
        Assert.True(pseudonymised > 0, "The person's audit entries are kept, under their pseudonym.");

        // Nothing anywhere names the person any more, except the award the plan said is kept.
        var needles = new[]
        {
            person.Name, person.Email, person.UserId, person.EnrolmentId.ToString(), person.EnrolmentId.ToString("N"),
            person.SubmissionId.ToString(), person.SubmissionId.ToString("N"), person.CpdRecordId.ToString(),
        };
        var inDatabase = await Search.DatabaseAsync(site.Services, needles);
        Assert.Equal([new Finding("Awards.HolderName", person.Name)], inDatabase);
        // On SQLite the database is a file of the data folder: it holds the kept award, and nothing else of the person.
        var inFiles = Search.Files(site.AppDataPath, needles, TestArtefacts);
        Assert.Equal(site.IsPostgreSql ? [] : [new Finding("accreditation.db", person.Name)], inFiles);
        Assert.Empty(Search.LuceneIndexes(Path.Combine(site.AppDataPath, "index"), ["Quillfeather", "Zephyrine", person.Email]));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>().AnyAsync(r => r.Id == person.CpdRecordId)));
        var sitting = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Sitting>().AsNoTracking().SingleAsync(s => s.Id == person.SittingId));
        Assert.Equal(erasure.SubjectId, sitting.CandidateId);
        Assert.NotEqual(person.EnrolmentId, sitting.EnrolmentId);
    }

    [Fact]
    public async Task A_portfolio_being_marked_or_under_appeal_is_held_and_the_rest_erased_then_erased_once_its_case_ends()
    {
        var person = await site.CandidateWithDataAsync("Ottoline Brackenridge", "ottoline.brackenridge@example.gov.uk", decide: false);
        var markingCase = await site.MarkAsync(person.SubmissionId); // marked, not released: marking is in progress
        var admin = await site.AdminAsync();

        var plan = await admin.GetDocumentAsync($"/admin/privacy/erase/{person.UserId}");
        var held = plan.QuerySelector("table.app-erasure-plan[data-action=Held]")?.TextContent ?? "";
        Assert.Contains($"case {markingCase.CandidateNumber}", held, StringComparison.Ordinal);
        Assert.Contains("Marking is in progress", held, StringComparison.Ordinal);
        Assert.Contains("the account", plan.QuerySelector("table.app-erasure-plan[data-action=Keep]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/privacy/erase/{person.UserId}", new Dictionary<string, string> { ["Confirm"] = "true" })).StatusCode);
        await site.AnswerRequestsAsync();

        // Everything else is gone; the portfolio, its case and the (switched off) account wait.
        Assert.Equal(PrivacyRequestState.Waiting, (await ErasureOfAsync(person.UserId)).State);
        Assert.False((await site.UserAsync(person.UserId))!.IsActive);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().AnyAsync(e => e.Id == person.EnrolmentId)));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>().AnyAsync(r => r.Id == person.CpdRecordId)));

        // Released, but an appeal is then lodged: still held, now for the appeal.
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([markingCase.Id], "lead", CancellationToken.None));
        var appealId = Guid.NewGuid();
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.Add(new Appeal { Id = appealId, CaseId = markingCase.Id, Grounds = "The marker missed my evidence.", RequestedAt = site.Clock.GetUtcNow(), Status = AppealStatus.Requested, OriginalDecision = Decision.Accredited });
            await db.SaveChangesAsync();
        });
        site.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await site.AnswerRequestsAsync();
        var waiting = await ErasureOfAsync(person.UserId);
        Assert.Equal(PrivacyRequestState.Waiting, waiting.State);
        Assert.Contains("An appeal is in progress", waiting.OutcomeJson, StringComparison.Ordinal);

        // The appeal's outcome is released: the next daily try erases the rest.
        await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Appeal>().Where(a => a.Id == appealId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AppealStatus.Released).SetProperty(a => a.ReleasedAt, site.Clock.GetUtcNow())));
        await site.AnswerRequestsAsync();
        Assert.Equal(PrivacyRequestState.Waiting, (await ErasureOfAsync(person.UserId)).State); // not before its day
        site.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await site.AnswerRequestsAsync();

        var erased = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking()
            .SingleAsync(r => r.Kind == PrivacyRequestKind.Erasure && r.State == PrivacyRequestState.Erased && r.Pseudonym != null && r.SubjectId == r.Pseudonym && r.PlanJson!.Contains(markingCase.CandidateNumber)));
        Assert.Null(await site.UserAsync(person.UserId));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().AnyAsync(e => e.Id == person.EnrolmentId)));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<MarkingCase>().AnyAsync(c => c.Id == markingCase.Id)));
        Assert.Equal(erased.SubjectId, (await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.HolderName == person.Name))).HolderId);
        Assert.Equal([new Finding("Awards.HolderName", person.Name)], await Search.DatabaseAsync(site.Services, [person.Name, person.Email, person.UserId, person.EnrolmentId.ToString()]));
    }

    private Task<PrivacyRequest> ErasureOfAsync(string userId) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking()
            .SingleAsync(r => r.Kind == PrivacyRequestKind.Erasure && r.SubjectId == userId));

    /// <summary>How many responses each item version has, as the item statistics count them.</summary>
    private Task<Dictionary<Guid, int>> ResponsesPerItemAsync() =>
        site.WithScopeAsync(async sp => (await sp.GetRequiredService<StatisticsQuery>().ComputeAsync(default)).ToDictionary(r => r.Item.Id, r => r.Responses));
}
