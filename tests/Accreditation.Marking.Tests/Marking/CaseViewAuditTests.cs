using System.Net;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Marking;

/// <summary>Every view of a marking case by its marker is on the audit trail: the marking opened and the portfolio's snapshot read.</summary>
public sealed class CaseViewAuditTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task Each_view_of_a_case_records_the_marking_opened_and_the_snapshot_read()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        var markingCase = await site.CaseOfAsync(submission.SubmissionId);
        var marking = markingCase.Markings.Single(m => m.Role == MarkingRole.First);
        var marker = await site.SignedInAsIdAsync(marking.AssessorId);

        for (var view = 1; view <= 2; view++)
        {
            Assert.Equal(HttpStatusCode.OK, (await marker.GetAsync($"/marking/cases/{markingCase.Id}")).StatusCode);
            var entries = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AuditEntry>().AsNoTracking()
                .Where(e => e.UserId == marking.AssessorId)
                .Where(e => (e.Action == "marking.opened" && e.RecordId == marking.Id.ToString())
                    || (e.Action == "submission.snapshot-read" && e.RecordId == submission.SubmissionId.ToString()))
                .Select(e => e.Action).ToListAsync());

            // The marker's own entries (allocation read the snapshot too, as the system).
            Assert.Equal(view, entries.Count(e => e == "marking.opened"));
            Assert.Equal(view, entries.Count(e => e == "submission.snapshot-read"));
        }

        // The first view started the marking: its own entry too, once.
        var started = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AuditEntry>().AsNoTracking()
            .CountAsync(e => e.Action == "marking.started" && e.RecordId == marking.Id.ToString()));
        Assert.Equal(1, started);
    }
}
