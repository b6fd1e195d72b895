using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.People;

/// <summary>Answers other modules' questions about people and their roles from Identity's own tables.</summary>
public sealed class PeopleDirectory(AccreditationDbContext db) : IPeopleDirectory
{
    /// <inheritdoc />
    public async Task<PersonSummary?> FindAsync(string personId, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == personId && u.IsActive)
            .Select(u => new PersonSummary(u.Id, u.DisplayName, u.Email ?? "", u.OrganisationId)).SingleOrDefaultAsync(ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<PersonSummary>> EndorsersOfAsync(Guid organisationId, CancellationToken ct = default) =>
        HoldersAsync(Roles.Endorser, organisationId, ct);

    /// <inheritdoc />
    public Task<bool> IsEndorserOfAsync(string personId, Guid organisationId, CancellationToken ct = default) =>
        Holders(Roles.Endorser, organisationId).AnyAsync(u => u.Id == personId, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<PersonSummary>> OrganisationAdminsOfAsync(Guid organisationId, CancellationToken ct = default) =>
        HoldersAsync(Roles.OrganisationAdmin, organisationId, ct);

    private async Task<IReadOnlyList<PersonSummary>> HoldersAsync(string role, Guid organisationId, CancellationToken ct)
    {
        var people = await Holders(role, organisationId)
            .Select(u => new PersonSummary(u.Id, u.DisplayName, u.Email ?? "", u.OrganisationId)).ToListAsync(ct);
        return people.OrderBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private IQueryable<Core.Identity.PlatformUser> Holders(string role, Guid organisationId)
    {
        var normalised = role.ToUpperInvariant();
        return db.Users.AsNoTracking().Where(u => u.IsActive && u.OrganisationId == organisationId
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalised)));
    }
}
