using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Appeals;

/// <summary>A candidate asks for a review within the period; a lead assigns an independent reviewer; the outcome is released like a decision.</summary>
public sealed class AppealTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task A_review_by_an_independent_reviewer_can_change_a_not_yet_decision_to_accredited()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [1]);
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.Second, [1]);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(Decision.NotYetAccredited, markingCase.PortfolioDecision);
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([markingCase.Id], "lead", CancellationToken.None));
        var candidate = await site.CandidateClientAsync(submission.CandidateEmail);
        var url = $"/results/{markingCase.Id}";

        var empty = await candidate.PostFormAsync(url, new Dictionary<string, string> { ["Grounds"] = "" }, url + "?handler=Appeal");
        Assert.Contains("Explain why you are asking for a review", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var asked = await candidate.PostFormAsync(url, new Dictionary<string, string> { ["Grounds"] = "My evidence for statement 3 was not read: it is in the second document." }, url + "?handler=Appeal");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var appeal = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Appeal>().AsNoTracking().SingleAsync(a => a.CaseId == markingCase.Id));
        Assert.Equal(AppealStatus.Requested, appeal.Status);

        var reviewer = await site.AssessorAsync(Guid.NewGuid(), name: "Independent Reviewer", capacity: 100); // joined after the marking
        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var leadClient = await site.SignedInAsync(lead.Email);
        var firstMarker = markingCase.Markings.Single(m => m.Role == MarkingRole.First).AssessorId;
        var refused = await leadClient.PostFormAsync("/marking/lead/appeals", new Dictionary<string, string> { ["AppealId"] = appeal.Id.ToString(), ["ReviewerId"] = firstMarker }, "/marking/lead/appeals?handler=Assign");
        Assert.Contains("marked this portfolio before", System.Net.WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var assigned = await leadClient.PostFormAsync("/marking/lead/appeals", new Dictionary<string, string> { ["AppealId"] = appeal.Id.ToString(), ["ReviewerId"] = reviewer.Id }, "/marking/lead/appeals?handler=Assign");
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);

        var reviewerClient = await site.SignedInAsync(reviewer.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await MarkingSite.MarkAsync(reviewerClient, markingCase.Id, [2, 3, 2, 3, 2, 3], "REVIEWED-FEEDBACK", "REVIEWED-OVERALL")).StatusCode);
        Assert.DoesNotContain("REVIEWED-FEEDBACK", await candidate.GetStringAsync(url), StringComparison.Ordinal); // not until released

        var appealsPage = await leadClient.GetAsync("/marking/lead/appeals");
        Assert.Contains("Outcome of the review: the portfolio met the standard", await appealsPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var released = await leadClient.PostFormAsync("/marking/lead/appeals", new Dictionary<string, string> { ["AppealId"] = appeal.Id.ToString() }, "/marking/lead/appeals?handler=Release");
        Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);

        var page = await candidate.GetDocumentAsync(url);
        Assert.Equal("Accredited", page.QuerySelector("#decision .govuk-panel__title")!.TextContent.Trim());
        Assert.Contains("REVIEWED-OVERALL", page.QuerySelector("#overall-comment")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#certificate-link"));
        Assert.Contains("The review is complete: Accredited.", page.QuerySelector("#appeal-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Accreditation.Portfolios.Contracts.SubmissionStatus.Achieved,
            await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Accreditation.Portfolios.Data.Submission>().Where(s => s.Id == submission.SubmissionId).Select(s => s.Status).SingleAsync()));

        var again = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Appeals.Appeals>().RequestAsync(markingCase.Id, submission.CandidateId, "Again", CancellationToken.None));
        Assert.Equal("You have already asked for a review of this decision.", again);
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task A_review_cannot_be_asked_for_after_the_period()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 2]);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([markingCase.Id], "lead", CancellationToken.None));
        var error = await site.WithScopeAsync(async sp =>
        {
            var released = await sp.GetRequiredService<AccreditationDbContext>().Set<MarkingCase>().SingleAsync(c => c.Id == markingCase.Id);
            // The default period is 28 days: answer as if the request came a day late.
            released.ReleasedAt = released.ReleasedAt!.Value.AddDays(-29);
            await sp.GetRequiredService<AccreditationDbContext>().SaveChangesAsync();
            return await sp.GetRequiredService<Accreditation.Marking.Appeals.Appeals>().RequestAsync(markingCase.Id, submission.CandidateId, "Late grounds", CancellationToken.None);
        });

        // The page says why and until when instead of offering the form; a request posted anyway gets the same words.
        Assert.Equal("The time to ask for a review of this decision ended on 1 November 2026 at 9:00am.", error);
        var page = await (await site.CandidateClientAsync(submission.CandidateEmail)).GetDocumentAsync($"/results/{markingCase.Id}");
        Assert.Null(page.QuerySelector("#Grounds"));
        Assert.Equal(error, page.QuerySelector("#no-appeal")!.TextContent.Trim());
    }
}
