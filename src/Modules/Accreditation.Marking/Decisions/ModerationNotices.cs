using Accreditation.Core.Data;
using Accreditation.Core.Navigation;
using Accreditation.Marking.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Decisions;

/// <summary>Tells platform admins, on the admin overview, about every portfolio that no lead assessor could moderate, and why.</summary>
public sealed class ModerationNotices(AccreditationDbContext db) : IAdminNoticeSource
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<AdminNotice>> NoticesAsync(CancellationToken ct) =>
        (await db.Set<MarkingCase>().AsNoTracking().Where(c => c.ModerationBlocked != null).Select(c => new { c.Id, c.ModerationBlocked, c.SubmittedAt }).ToListAsync(ct))
            .OrderBy(c => c.SubmittedAt)
            .Select(c => new AdminNotice(c.ModerationBlocked!, $"/marking/lead/cases/{c.Id}", Permissions.ManageRules))
            .ToList();
}
