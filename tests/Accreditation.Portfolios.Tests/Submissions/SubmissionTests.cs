using System.Net;
using System.Security.Cryptography;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Submissions;

/// <summary>Submission checks the portfolio, takes an immutable snapshot, and can be withdrawn until marking starts.</summary>
public sealed class SubmissionTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task Submitting_an_unfinished_portfolio_lists_what_is_missing_and_stores_nothing()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Some text.", new Dictionary<int, string> { [1] = "Why" });
        var before = await site.PortfolioTablesAsync();

        var response = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        var errors = page.ErrorSummary();
        Assert.Contains($"Add evidence for statement 2: {statements[1].Title}", errors);
        Assert.DoesNotContain(errors, e => e.Contains("statement 1:", StringComparison.Ordinal));
        Assert.Contains("Ask your line manager or principal social worker to endorse your portfolio", errors);
        Assert.Contains(page.QuerySelectorAll(".govuk-error-summary__list a"), a => a.GetAttribute("href") == "#statement-2");
        Assert.NotNull(page.QuerySelector("#statement-2"));
        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));
    }

    [Fact]
    public async Task The_snapshot_is_immutable_and_its_hash_verifies()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var statements = await site.StatementsAsync();
        await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("Audit findings."), "audit.pdf", statements[3].Id, "Audit");
        var submissionId = await site.SubmitCompletePortfolioAsync(client, portfolio);

        var snapshots = () => site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().GetAsync(submissionId));
        var original = (await snapshots())!;
        Assert.True(original.Verifies);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(original.SnapshotJson))), original.ContentHash);
        var document = original.Document!;
        Assert.Equal(2, document.Items.Count);
        Assert.Equal(6, document.Items.Single(i => i.Kind == EvidenceKind.ReflectiveAccount).Mappings.Count);
        Assert.Equal(EndorsementStatus.Endorsed, document.Endorsement!.Status);
        var pdf = document.Items.Single(i => i.Kind == EvidenceKind.Document).File!;
        var stored = await File.ReadAllBytesAsync(Path.Combine(site.FilesFolder, pdf.Id.ToString("N")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stored)), pdf.Sha256);
        Assert.DoesNotContain("Test Candidate", original.SnapshotJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Manager", original.SnapshotJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Ready: leads practice well.", original.SnapshotJson, StringComparison.Ordinal);
        Assert.DoesNotContain("audit.pdf", original.SnapshotJson, StringComparison.Ordinal);

        // Editing and removing live evidence after submitting leaves the snapshot exactly as it was.
        var reflective = document.Items.Single(i => i.Kind == EvidenceKind.ReflectiveAccount).Id;
        var changed = await PortfoliosSite.SaveItemAsync(client, portfolio, reflective, "Rewritten after submission.", new Dictionary<int, string> { [1] = "New" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var documentItem = document.Items.Single(i => i.Kind == EvidenceKind.Document).Id;
        var removed = await PortfoliosSite.RemoveItemAsync(client, portfolio, documentItem);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var after = (await snapshots())!;
        Assert.Equal(original.SnapshotJson, after.SnapshotJson);
        Assert.Equal(original.ContentHash, after.ContentHash);
        Assert.True(after.Verifies);
        Assert.True(File.Exists(Path.Combine(site.FilesFolder, pdf.Id.ToString("N"))));
        await using var file = await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().OpenFileAsync(submissionId, pdf.Id));
        Assert.NotNull(file);
    }

    [Fact]
    public async Task A_submission_can_be_withdrawn_until_marking_starts()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var first = await site.SubmitCompletePortfolioAsync(client, portfolio);
        var check = await client.GetDocumentAsync($"/portfolio/{portfolio}/check");
        var withdrawn = await client.PostAsync($"/portfolio/{portfolio}/check?handler=Withdraw&submissionId={first}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = check.AntiforgeryToken() }));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);

        var again = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var second = Guid.Parse(again.Target().Split('/').Last());
        Assert.Equal(1, (await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().GetAsync(second)))!.Attempt);
        Assert.Contains(second, await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().ListAwaitingMarkingAsync()));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().MarkMarkingStartedAsync(first)));
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().MarkMarkingStartedAsync(second)));

        check = await client.GetDocumentAsync($"/portfolio/{portfolio}/check");
        Assert.Null(check.QuerySelector("#submissions form"));
        var token = (await client.GetDocumentAsync($"/portfolio/{portfolio}/adjustments")).AntiforgeryToken();
        var refused = await client.PostAsync($"/portfolio/{portfolio}/check?handler=Withdraw&submissionId={second}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This submission can no longer be withdrawn: marking has started.", (await refused.ReadPageAsync()).ErrorSummary());
        Assert.Equal(SubmissionStatus.MarkingStarted, (await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().GetAsync(second)))!.Status);
    }

    [Fact]
    public async Task After_a_not_yet_decision_the_candidate_resubmits_as_a_new_attempt()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var first = await site.SubmitCompletePortfolioAsync(client, portfolio);
        var blocked = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);

        await site.WithScopeAsync(async sp =>
        {
            var snapshots = sp.GetRequiredService<ISubmissionSnapshots>();
            Assert.True(await snapshots.MarkMarkingStartedAsync(first));
            Assert.True(await snapshots.RecordOutcomeAsync(first, SubmissionOutcome.NotYet));
        });
        var resubmitted = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);
        var second = Guid.Parse(resubmitted.Target().Split('/').Last());
        var snapshot = await site.WithScopeAsync(sp => sp.GetRequiredService<ISubmissionSnapshots>().GetAsync(second));
        Assert.Equal(2, snapshot!.Attempt);
        Assert.Equal(SubmissionStatus.Submitted, snapshot.Status);
    }

    [Fact]
    public async Task Possible_identifiers_need_an_explicit_confirmation_before_submitting()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "I visited the family at SW1A 1AA and called 07700 900123.");
        await site.EndorsedAsync(client, portfolio, "Ready.");

        var refused = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Check the 2 possible identifiers of children or families: remove them, or confirm they do not identify anyone", (await refused.ReadPageAsync()).ErrorSummary());

        var confirmed = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string> { ["ConfirmPrivacy"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var submission = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Submission>().SingleAsync(s => s.EnrolmentId == portfolio));
        Assert.Equal(2, submission.PrivacyFindingsConfirmed);
    }

    [Fact]
    public async Task A_closed_window_refuses_submission()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio);
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var programme = await db.Set<Programme>().SingleAsync(p => p.Name == "Test programme");
            var window = new AssessmentWindow { Id = Guid.NewGuid(), ProgrammeId = programme.Id, Name = "Closed window", OpensOn = new DateOnly(2026, 1, 1), ClosesOn = new DateOnly(2026, 6, 30), Capacity = 10 };
            db.Add(window);
            var enrolment = await db.Set<Enrolment>().SingleAsync(e => e.Id == portfolio);
            enrolment.WindowId = window.Id;
            await db.SaveChangesAsync();
        });

        var response = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());

        Assert.Contains((await response.ReadPageAsync()).ErrorSummary(), e => e.StartsWith("The Closed window assessment window is closed", StringComparison.Ordinal));
    }
}
