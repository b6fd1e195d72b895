using System.Net;
using Accreditation.Core.Security;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Moderation;

/// <summary>
/// Two lead assessors who also mark: one may mark a portfolio while the other can moderate it, never both; the lead who
/// marked is not offered moderation (the page says why) and is refused if they post it; the other agrees the marks. A
/// site of its own: the test counts the leads.
/// </summary>
public sealed class LeadAsMarkerTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task A_lead_who_marks_leaves_moderation_to_the_other_lead_and_is_not_offered_it()
    {
        var leadA = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor, name: "Lead Marker", capacity: 100);
        var leadBOrganisation = Guid.NewGuid();
        var leadB = await site.AssessorAsync(leadBOrganisation, Roles.LeadAssessor, name: "Lead Moderator", capacity: 100);
        var assessor = await site.AssessorAsync(Guid.NewGuid(), name: "Plain Assessor", capacity: 100);
        var (window, programme) = await site.ProgrammeAsync("Lead as marker programme");
        await site.RuleAsync(programme, [], samplePercent: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid(), window: window);
        await site.AllocateAsync();
        var caseId = (await site.CaseOfAsync(submission.SubmissionId)).Id;

        // Lead A may take the first marking: lead B could still moderate.
        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<MarkingAllocation>().ReallocateAsync(caseId, MarkingRole.First, leadA.Id, CancellationToken.None));
        Assert.True(first.AssessorMarking is not null || (await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First)).AssessorId == leadA.Id, string.Join("; ", first.Reasons));
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 3]);

        // Lead B may not take the second: nobody would be left to moderate; the plain assessor got it.
        Assert.Equal(assessor.Id, (await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.Second)).AssessorId);
        var refused = await site.WithScopeAsync(sp => sp.GetRequiredService<MarkingAllocation>().ReallocateAsync(caseId, MarkingRole.Second, leadB.Id, CancellationToken.None));
        Assert.Null(refused.AssessorMarking);
        Assert.Contains("is a lead assessor, and no other lead assessor could then moderate this portfolio", refused.Reasons);

        // The markers disagree: lead A is told why not and offered nothing; lead B agrees the marks.
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.Second, [0, 0, 0, 0, 0, 0]);
        Assert.Equal(CaseStatus.InModeration, (await site.CaseOfAsync(submission.SubmissionId)).Status);
        Assert.Null((await site.CaseOfAsync(submission.SubmissionId)).ModerationBlocked);
        var clientA = await site.SignedInAsync(leadA.Email);
        var pageA = await clientA.GetDocumentAsync($"/marking/lead/cases/{caseId}");
        Assert.Equal("You marked this portfolio, so another lead assessor must agree its marks.", pageA.QuerySelector("#cannot-moderate")!.TextContent.Trim());
        Assert.Empty(pageA.QuerySelectorAll($"a[href='/marking/lead/cases/{caseId}/moderate']"));
        var moderate = await clientA.GetAsync($"/marking/lead/cases/{caseId}/moderate");
        Assert.Equal(HttpStatusCode.Redirect, moderate.StatusCode);
        var clientB = await site.SignedInAsync(leadB.Email);
        Assert.NotEmpty((await clientB.GetDocumentAsync($"/marking/lead/cases/{caseId}")).QuerySelectorAll($"a[href='/marking/lead/cases/{caseId}/moderate']"));
        var agreed = await site.WithScopeAsync(async sp =>
        {
            var markingCase = await site.CaseOfAsync(submission.SubmissionId);
            var marks = Enumerable.Range(1, 6).Select(n => new Accreditation.Marking.Work.MarkInput(n, 2, "Agreed.")).ToList();
            var work = sp.GetRequiredService<Accreditation.Marking.Work.Moderation>();
            var byA = await work.AgreeAsync(caseId, markingCase.Version, leadA.Id, marks, "Overall.", "Rationale.", 4, CancellationToken.None);
            Assert.Equal("You marked this portfolio, so another lead assessor must agree its marks.", Assert.Single(byA).Message);
            return await work.AgreeAsync(caseId, markingCase.Version, leadB.Id, marks, "Overall.", "Rationale.", 4, CancellationToken.None);
        });
        Assert.Empty(agreed);
        Assert.Equal(CaseStatus.ReadyForRelease, (await site.CaseOfAsync(submission.SubmissionId)).Status);

        // A portfolio from lead B's organisation: lead A stays out of its marking, so lead A can moderate it.
        var fromB = await site.SubmissionAsync(leadBOrganisation, window: window);
        await site.AllocateAsync();
        var fromBCase = await site.CaseOfAsync(fromB.SubmissionId);
        var eligibility = await site.WithScopeAsync(sp => sp.GetRequiredService<MarkingAllocation>().EligibilityAsync(fromBCase.Id, MarkingRole.First, CancellationToken.None));
        Assert.Contains("is a lead assessor, and no other lead assessor could then moderate this portfolio", eligibility.Single(e => e.UserId == leadA.Id).Reasons);
        Assert.DoesNotContain(fromBCase.Markings, m => m.AssessorId == leadA.Id);
        Assert.Null(fromBCase.ModerationBlocked);
        Assert.Empty(site.UnexpectedServerProblems());
    }
}
