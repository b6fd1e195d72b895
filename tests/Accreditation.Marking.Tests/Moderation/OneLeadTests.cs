using Accreditation.Core.Security;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Marking.Tests.Moderation;

/// <summary>
/// With one lead assessor, who also marks, allocation never gives them a marking (nobody else could then moderate), so
/// every portfolio keeps a possible moderator; a portfolio the lead is conflicted with is flagged, with the reason, to
/// lead assessors and to platform admins, until a second lead assessor exists. A site of its own: the test counts the leads.
/// </summary>
public sealed class OneLeadTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task With_one_lead_who_also_marks_no_portfolio_of_30_is_left_without_a_possible_moderator_and_the_conflicted_ones_are_flagged()
    {
        var random = new Random(20261203);
        var leadOrganisation = Guid.NewGuid();
        var organisations = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        var lead = await site.AssessorAsync(leadOrganisation, Roles.LeadAssessor, name: "Only Lead", capacity: 100);
        foreach (var organisation in organisations)
        {
            await site.AssessorAsync(organisation, capacity: 100);
        }

        // Every portfolio is second-marked, so each has two markers the lead could have been.
        var (window, programme) = await site.ProgrammeAsync("One lead programme");
        await site.RuleAsync(programme, [], samplePercent: 100);
        var seeded = new List<(Seeded Submission, bool Conflicted)>();
        for (var i = 0; i < 30; i++)
        {
            var own = random.Next(6) == 0;
            var endorsedByLead = !own && random.Next(6) == 0;
            var submission = await site.SubmissionAsync(own ? leadOrganisation : organisations[random.Next(organisations.Count)],
                endorserEmail: endorsedByLead ? lead.Email : $"manager-{i}@example.gov.uk", window: window);
            seeded.Add((submission, own || endorsedByLead));
        }

        await site.AllocateAsync();
        foreach (var (submission, _) in seeded)
        {
            await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 3, 3]);
        }

        Assert.Contains(seeded, s => s.Conflicted);
        Assert.Contains(seeded, s => !s.Conflicted);
        foreach (var (submission, conflicted) in seeded)
        {
            var markingCase = await site.CaseOfAsync(submission.SubmissionId);
            var markers = markingCase.Markings.Where(m => m.Status != MarkingStatus.Reallocated).Select(m => m.AssessorId).ToList();
            Assert.Equal(2, markers.Count);
            Assert.DoesNotContain(lead.Id, markers);
            if (conflicted)
            {
                Assert.NotNull(markingCase.ModerationBlocked);
                Assert.Matches($"^No lead assessor could moderate {markingCase.CandidateNumber} if its markers disagree: Only Lead (works for the candidate's organisation|endorsed this portfolio)\\. Make another assessor", markingCase.ModerationBlocked);
            }
            else
            {
                Assert.Null(markingCase.ModerationBlocked);
            }
        }

        // The flag reaches platform admins on their overview and lead assessors on theirs.
        var flagged = await site.CaseOfAsync(seeded.First(s => s.Conflicted).Submission.SubmissionId);
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        Assert.Contains(flagged.ModerationBlocked!, (await admin.GetDocumentAsync("/admin")).QuerySelector("#admin-notices")!.TextContent, StringComparison.Ordinal);
        var leadClient = await site.SignedInAsync(lead.Email);
        Assert.Contains(flagged.CandidateNumber, (await leadClient.GetDocumentAsync("/marking/lead")).QuerySelector("#blocked-cases")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(flagged.ModerationBlocked!, (await leadClient.GetDocumentAsync($"/marking/lead/cases/{flagged.Id}")).QuerySelector("#moderation-blocked")!.TextContent, StringComparison.Ordinal);

        // A second lead assessor, free of conflicts, clears every flag at the next round.
        await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor, name: "Second Lead");
        await site.AllocateAsync();
        foreach (var (submission, _) in seeded)
        {
            Assert.Null((await site.CaseOfAsync(submission.SubmissionId)).ModerationBlocked);
        }

        Assert.Null((await admin.GetDocumentAsync("/admin")).QuerySelector("#admin-notices"));
        Assert.Empty(site.UnexpectedServerProblems());
    }
}
