using System.Net;
using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Marking.Work;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Marking;

/// <summary>
/// An assessor's list of their marking grows for as long as they mark: it is read a page at a time, with what is still
/// to mark first, and never shows markings taken from them or another assessor's.
/// </summary>
public sealed class MarkingListTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task The_list_is_paged_with_the_work_still_to_do_first()
    {
        var (assessor, _) = await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var (other, _) = await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var prefix = "L" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var start = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var open = new List<string>();
        var submitted = new List<string>();
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            MarkingCase Case(int i) => new()
            {
                Id = Guid.NewGuid(), SubmissionId = Guid.NewGuid(), EnrolmentId = Guid.NewGuid(), ProgrammeId = Guid.NewGuid(), FrameworkVersionId = Guid.NewGuid(),
                CandidateNumber = $"{prefix}-{i:00}", Status = CaseStatus.Allocated, SubmittedAt = start, CreatedAt = start,
            };

            // 27 submitted long ago, then 3 still to mark (the oldest of them allocated before most submitted ones).
            for (var i = 0; i < 30; i++)
            {
                var markingCase = Case(i);
                var isOpen = i >= 27;
                var allocated = isOpen ? start.AddDays(i - 27) : start.AddDays(10 + i);
                markingCase.Markings.Add(new AssessorMarking
                {
                    Id = Guid.NewGuid(), AssessorId = assessor, Role = MarkingRole.First, AllocatedAt = allocated,
                    Status = isOpen ? (i == 28 ? MarkingStatus.InProgress : MarkingStatus.Allocated) : MarkingStatus.Submitted,
                    SubmittedAt = isOpen ? null : allocated.AddDays(3),
                });
                (isOpen ? open : submitted).Add(markingCase.CandidateNumber);
                db.Add(markingCase);
            }

            // Taken from them, and another assessor's: never on their list.
            var reallocated = Case(30);
            reallocated.Markings.Add(new AssessorMarking { Id = Guid.NewGuid(), AssessorId = assessor, Role = MarkingRole.First, Status = MarkingStatus.Reallocated, AllocatedAt = start.AddDays(90) });
            var others = Case(31);
            others.Markings.Add(new AssessorMarking { Id = Guid.NewGuid(), AssessorId = other, Role = MarkingRole.First, Status = MarkingStatus.Allocated, AllocatedAt = start.AddDays(90) });
            db.AddRange(reallocated, others);
            await db.SaveChangesAsync();
        });

        var client = await site.SignedInAsIdAsync(assessor);
        var first = await NumbersOnAsync(client, "/marking");
        var second = await NumbersOnAsync(client, "/marking?p=2");

        Assert.Equal(MarkingWork.MarkingsPageSize, first.Count);
        // Open work first, newest first; then the submitted ones, newest first, across both pages.
        Assert.Equal(open.AsEnumerable().Reverse(), first.Take(3));
        Assert.Equal(submitted.AsEnumerable().Reverse(), first.Skip(3).Concat(second));
        Assert.DoesNotContain($"{prefix}-30", first.Concat(second));
        Assert.DoesNotContain($"{prefix}-31", first.Concat(second));

        var page = await client.GetDocumentAsync("/marking");
        Assert.Contains(page.QuerySelectorAll(".govuk-pagination a"), a => a.GetAttribute("href") == "/marking?p=2");

        // A page past the end goes to the last one.
        var beyond = await client.GetAsync("/marking?p=9");
        Assert.Equal(HttpStatusCode.Redirect, beyond.StatusCode);
        Assert.Equal("/marking?p=2", beyond.Headers.Location?.OriginalString);
    }

    private static async Task<List<string>> NumbersOnAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelectorAll("#marking-list tbody tr td:first-child").Select(c => c.TextContent.Trim()).ToList();
}
