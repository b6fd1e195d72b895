using System.Net;
using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Marking.Tests.Workflow;

/// <summary>The second marker marks independently without seeing the first marks; a disagreement beyond the tolerance goes to a lead assessor who agrees the marks with a rationale.</summary>
public sealed class SecondMarkingTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    private async Task<(Seeded Submission, MarkingCase Case, HttpClient First, HttpClient Second)> FailingFirstMarkingAsync()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        var firstMarking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        var firstClient = await site.SignedInAsIdAsync(firstMarking.AssessorId);
        var response = await MarkingSite.MarkAsync(firstClient, firstMarking.CaseId, [1, 1, 1, 1, 1, 1], "FIRST-MARKER-SECRET-FEEDBACK", "FIRST-MARKER-OVERALL");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(CaseStatus.SecondMarking, markingCase.Status);
        var secondMarking = markingCase.Markings.Single(m => m.Role == MarkingRole.Second);
        var secondClient = await site.SignedInAsIdAsync(secondMarking.AssessorId);
        return (submission, markingCase, firstClient, secondClient);
    }

    [Fact]
    public async Task The_second_marker_cannot_see_the_first_marks_and_a_disagreement_goes_to_a_lead_who_agrees_the_marks_with_a_rationale()
    {
        var (submission, markingCase, _, second) = await FailingFirstMarkingAsync();

        var page = await second.GetAsync($"/marking/cases/{markingCase.Id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("FIRST-MARKER-SECRET-FEEDBACK", html, StringComparison.Ordinal);
        Assert.DoesNotContain("FIRST-MARKER-OVERALL", html, StringComparison.Ordinal);
        Assert.Empty(Accreditation.Testing.Pages.Parse(html).QuerySelectorAll("form#marking-form input[type=radio][checked]"));
        Assert.DoesNotContain("FIRST-MARKER", await (await second.GetAsync("/marking")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var response = await MarkingSite.MarkAsync(second, markingCase.Id, [3, 3, 3, 3, 3, 3], "SECOND-MARKER-FEEDBACK", "SECOND-MARKER-OVERALL");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(CaseStatus.InModeration, (await site.CaseOfAsync(submission.SubmissionId)).Status);

        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var leadClient = await site.SignedInAsync(lead.Email);
        var url = $"/marking/lead/cases/{markingCase.Id}/moderate";
        var moderation = await leadClient.GetStringAsync(url);
        Assert.Contains("FIRST-MARKER-SECRET-FEEDBACK", moderation, StringComparison.Ordinal);
        Assert.Contains("SECOND-MARKER-FEEDBACK", moderation, StringComparison.Ordinal);

        var version = (await leadClient.GetDocumentAsync(url)).QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;
        var withoutRationale = await leadClient.PostFormAsync(url, AgreedFields(rationale: "", version));
        Assert.Equal(HttpStatusCode.OK, withoutRationale.StatusCode);
        Assert.Contains("Explain why these are the agreed marks", await withoutRationale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CaseStatus.InModeration, (await site.CaseOfAsync(submission.SubmissionId)).Status);

        var agreed = await leadClient.PostFormAsync(url, AgreedFields("The first marker under-read the evidence for statements 1 to 6.", version));
        Assert.Equal(HttpStatusCode.Redirect, agreed.StatusCode);
        var after = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(CaseStatus.ReadyForRelease, after.Status);
        Assert.Equal(Decision.Accredited, after.PortfolioDecision);
        Assert.Equal("The first marker under-read the evidence for statements 1 to 6.", after.ModerationRationale);
        var agreedMarking = Assert.Single(after.Markings, m => m.Role == MarkingRole.Agreed);
        Assert.Equal(lead.Id, agreedMarking.AssessorId);
        Assert.All(agreedMarking.Marks, m => Assert.Equal(2, m.Level));
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task Second_marks_within_the_tolerance_and_with_the_same_decision_need_no_moderation()
    {
        var (submission, markingCase, _, second) = await FailingFirstMarkingAsync();

        var response = await MarkingSite.MarkAsync(second, markingCase.Id, [2, 1, 1, 1, 1, 1]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await site.CaseOfAsync(submission.SubmissionId);
        Assert.Equal(CaseStatus.ReadyForRelease, after.Status);
        Assert.Equal(Decision.NotYetAccredited, after.PortfolioDecision);
    }

    private static Dictionary<string, string> AgreedFields(string rationale, string version)
    {
        var fields = new Dictionary<string, string> { ["OverallComment"] = "Agreed overall comment.", ["Rationale"] = rationale, ["RowVersion"] = version };
        for (var i = 0; i < 6; i++)
        {
            fields[$"Marks[{i}].StatementNumber"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Marks[{i}].Level"] = "2";
            fields[$"Marks[{i}].Comment"] = $"Agreed feedback {i + 1}.";
        }

        return fields;
    }
}
