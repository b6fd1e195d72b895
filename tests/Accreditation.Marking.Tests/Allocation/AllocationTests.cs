using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Allocation;

/// <summary>Allocation never gives a portfolio to someone from the candidate's organisation, the endorser or a declared conflict; reallocation keeps the same rules.</summary>
public sealed class AllocationTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task Allocation_never_picks_an_assessor_from_the_candidates_organisation_the_endorser_or_a_declared_conflict()
    {
        var random = new Random(20261102);
        var organisations = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var assessors = new List<(string Id, string Email, Guid Organisation)>();
        for (var i = 0; i < 10; i++)
        {
            var organisation = organisations[random.Next(organisations.Count)];
            var (id, email) = await site.AssessorAsync(organisation, capacity: 100);
            assessors.Add((id, email, organisation));
        }

        // Declared conflicts: some with an organisation, some with a person (by email).
        var declared = new List<(string AssessorId, Guid? Organisation, string? Email)>();
        var candidateEmails = Enumerable.Range(0, 30).Select(i => $"allocation-{i}-{Guid.NewGuid():N}@example.gov.uk").ToList();
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            for (var i = 0; i < 6; i++)
            {
                var assessor = assessors[random.Next(assessors.Count)];
                var conflict = random.Next(2) == 0
                    ? new AssessorConflict { Id = Guid.NewGuid(), UserId = assessor.Id, OrganisationId = organisations[random.Next(organisations.Count)] }
                    : new AssessorConflict { Id = Guid.NewGuid(), UserId = assessor.Id, PersonEmail = candidateEmails[random.Next(candidateEmails.Count)] };
                db.Add(conflict);
                declared.Add((assessor.Id, conflict.OrganisationId, conflict.PersonEmail));
            }

            await db.SaveChangesAsync();
        });

        // Thirty candidates from random organisations, each endorsed by someone who is sometimes an assessor.
        var seeded = new List<(Seeded Submission, string Endorser)>();
        foreach (var email in candidateEmails)
        {
            var endorser = random.Next(3) == 0 ? assessors[random.Next(assessors.Count)].Email : $"manager-{Guid.NewGuid():N}@example.gov.uk";
            seeded.Add((await site.SubmissionAsync(organisations[random.Next(organisations.Count)], email, endorserEmail: endorser), endorser));
        }

        await site.AllocateAsync();

        // Whoever was chosen (this test's assessors or anyone else's in the pool), the rules held.
        var allocatedCount = 0;
        var people = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var users = await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email, u.OrganisationId }).ToListAsync();
            var conflicts = await db.Set<AssessorConflict>().AsNoTracking().ToListAsync();
            return (users.ToDictionary(u => u.Id, u => (u.Email, u.OrganisationId)), conflicts);
        });
        foreach (var (submission, endorser) in seeded)
        {
            var markingCase = await site.CaseOfAsync(submission.SubmissionId);
            var first = markingCase.Markings.SingleOrDefault(m => m.Role == MarkingRole.First);
            if (first is null)
            {
                continue;
            }

            allocatedCount++;
            var (email, organisation) = people.Item1[first.AssessorId];
            Assert.NotEqual(submission.OrganisationId, organisation);
            Assert.NotEqual(endorser, email, StringComparer.OrdinalIgnoreCase);
            Assert.NotEqual(submission.CandidateId, first.AssessorId);
            Assert.DoesNotContain(people.conflicts, c => c.UserId == first.AssessorId
                && (c.OrganisationId == submission.OrganisationId || string.Equals(c.PersonEmail, submission.CandidateEmail, StringComparison.OrdinalIgnoreCase) || string.Equals(c.PersonEmail, endorser, StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(CaseStatus.Allocated, markingCase.Status);
            Assert.Matches("^C-[2-9A-HJ-NP-Z]{6}$", markingCase.CandidateNumber);
        }

        // The declarations made in this test were exercised: some portfolio had a conflicted or endorsing assessor to avoid.
        Assert.Contains(seeded, s => assessors.Any(a => a.Email == s.Endorser));
        Assert.NotEmpty(declared);
        Assert.True(allocatedCount >= 25, $"only {allocatedCount} of 30 were allocated");
    }

    [Fact]
    public async Task Load_is_balanced_across_the_pool_and_capacity_is_respected()
    {
        var candidates = Guid.NewGuid();
        var pool = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            pool.Add((await site.AssessorAsync(Guid.NewGuid(), capacity: 4)).Id);
        }

        // Only these three can take portfolios from this organisation for this test: everyone else is made unavailable.
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var others = await db.Set<AssessorProfile>().Where(p => !pool.Contains(p.UserId)).ToListAsync();
            others.ForEach(p => p.Available = false);
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accreditation.Core.Identity.PlatformUser>>();
            foreach (var user in (await users.GetUsersInRoleAsync(Roles.Assessor)).Where(u => !pool.Contains(u.Id) && others.All(o => o.UserId != u.Id)))
            {
                db.Add(new AssessorProfile { UserId = user.Id, Available = false });
            }

            await db.SaveChangesAsync();
        });

        var submissions = new List<Seeded>();
        for (var i = 0; i < 14; i++)
        {
            submissions.Add(await site.SubmissionAsync(candidates));
        }

        await site.AllocateAsync();

        var counts = new Dictionary<string, int>();
        foreach (var s in submissions)
        {
            var first = (await site.CaseOfAsync(s.SubmissionId)).Markings.SingleOrDefault(m => m.Role == MarkingRole.First);
            if (first is not null)
            {
                counts[first.AssessorId] = counts.GetValueOrDefault(first.AssessorId) + 1;
            }
        }

        Assert.Equal(pool.Order(), counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.Equal(4, c)); // 12 places for 14 portfolios: 4 each, 2 wait
        Assert.Equal(2, submissions.Count(s => site.CaseOfAsync(s.SubmissionId).Result.Status == CaseStatus.Submitted));

        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            foreach (var p in await db.Set<AssessorProfile>().Where(p => !pool.Contains(p.UserId)).ToListAsync())
            {
                p.Available = true;
            }

            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Reallocation_to_an_assessor_from_the_candidates_organisation_the_endorser_or_a_declared_conflict_is_refused_with_the_reason()
    {
        var organisation = Guid.NewGuid();
        var sameOrganisation = await site.AssessorAsync(organisation, name: "Same Org Assessor");
        var endorser = await site.AssessorAsync(Guid.NewGuid(), name: "Endorsing Assessor");
        var conflicted = await site.AssessorAsync(Guid.NewGuid(), name: "Conflicted Assessor");
        var freeOne = await site.AssessorAsync(Guid.NewGuid(), name: "Free Assessor", capacity: 50);
        var freeTwo = await site.AssessorAsync(Guid.NewGuid(), name: "Another Free Assessor", capacity: 50);
        var submission = await site.SubmissionAsync(organisation, endorserEmail: endorser.Email);
        var conflictedClient = await site.SignedInAsync(conflicted.Email);
        var organisationCode = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Accreditation.Identity.Organisations.Organisation>().Where(o => o.Id == organisation).Select(o => o.Code).SingleAsync());
        var declared = await conflictedClient.PostFormAsync("/marking/profile", new Dictionary<string, string> { ["Organisation"] = organisationCode, ["Note"] = "I used to work there" });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        await site.AllocateAsync();
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        var lead = await site.AssessorAsync(Guid.NewGuid(), Roles.LeadAssessor);
        var leadClient = await site.SignedInAsync(lead.Email);
        var url = $"/marking/lead/cases/{markingCase.Id}";

        var page = await leadClient.GetDocumentAsync(url);
        var table = page.QuerySelector("#eligibility")!.TextContent;
        Assert.Contains("works for the candidate's organisation", table, StringComparison.Ordinal);
        Assert.Contains("endorsed this portfolio", table, StringComparison.Ordinal);
        Assert.Contains("declared a conflict with the candidate's organisation", table, StringComparison.Ordinal);

        foreach (var (who, reason) in new[] { (sameOrganisation, "works for the candidate's organisation"), (endorser, "endorsed this portfolio"), (conflicted, "declared a conflict with the candidate's organisation") })
        {
            var response = await leadClient.PostFormAsync(url, new Dictionary<string, string> { ["AssessorId"] = who.Id }, url + "?handler=Reallocate");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains(reason, body, StringComparison.Ordinal);
            Assert.DoesNotContain((await site.CaseOfAsync(submission.SubmissionId)).Markings, m => m.AssessorId == who.Id);
        }

        var free = (await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First)).AssessorId == freeOne.Id ? freeTwo : freeOne;
        var moved = await leadClient.PostFormAsync(url, new Dictionary<string, string> { ["AssessorId"] = free.Id }, url + "?handler=Reallocate");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(free.Id, (await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First)).AssessorId);
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task An_assessor_who_endorsed_the_portfolio_is_excluded_by_who_they_are_even_with_another_email_now()
    {
        var endorser = await site.AssessorAsync(Guid.NewGuid(), name: "Endorser Who Moved Email", capacity: 50);
        var submission = await site.SubmissionAsync(Guid.NewGuid(), endorserEmail: endorser.Email);
        await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accreditation.Core.Identity.PlatformUser>>();
            var person = (await users.FindByIdAsync(endorser.Id))!;
            Assert.True((await users.SetEmailAsync(person, $"renamed-{Guid.NewGuid():N}@example.gov.uk")).Succeeded);
        });
        await site.AllocateAsync();
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);

        var eligibility = await site.WithScopeAsync(sp => sp.GetRequiredService<MarkingAllocation>().EligibilityAsync(markingCase.Id, MarkingRole.First, CancellationToken.None));

        Assert.Contains("endorsed this portfolio", eligibility.Single(e => e.UserId == endorser.Id).Reasons);
        Assert.DoesNotContain(markingCase.Markings, m => m.AssessorId == endorser.Id);
    }
}
