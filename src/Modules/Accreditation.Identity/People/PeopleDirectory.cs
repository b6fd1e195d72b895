using System.Linq.Expressions;
using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.People;

/// <summary>Answers other modules' questions about people and their roles from Identity's own tables.</summary>
public sealed class PeopleDirectory(AccreditationDbContext db, ILookupNormalizer normalizer, IUserClaimsPrincipalFactory<PlatformUser> principals) : IPeopleDirectory
{
    /// <inheritdoc />
    public Task<PersonSummary?> FindAnyAsync(string personId, CancellationToken ct = default) =>
        Summaries(db.Users.AsNoTracking().Where(u => u.Id == personId)).SingleOrDefaultAsync(ct);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, PersonSummary>> FindManyAsync(IReadOnlyCollection<string> personIds, CancellationToken ct = default)
    {
        if (personIds.Count == 0)
        {
            return new Dictionary<string, PersonSummary>();
        }

        var ids = personIds.Distinct().ToList();
        return await Summaries(db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))).ToDictionaryAsync(p => p.Id, ct);
    }

    /// <inheritdoc />
    public Task<PersonSummary?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        var normalised = normalizer.NormalizeEmail(email.Trim());
        return Summaries(db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalised)).FirstOrDefaultAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersonSummary>> PeopleOfAsync(Guid organisationId, CancellationToken ct = default) =>
        ByName(await Summaries(db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId)).ToListAsync(ct));

    /// <inheritdoc />
    public async Task<PeoplePage> PeopleOfAsync(Guid organisationId, int skip, int take, CancellationToken ct = default)
    {
        var people = db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId);
        var page = await Summaries(people.OrderBy(u => u.DisplayName == "" ? u.Email : u.DisplayName).ThenBy(u => u.Email).ThenBy(u => u.Id).Skip(skip).Take(take)).ToListAsync(ct);
        return new PeoplePage(ByName(page), PageLinks.TotalFromPage(skip, take, page.Count) ?? await people.CountAsync(ct));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersonSummary>> HoldersOfRoleAsync(string role, CancellationToken ct = default)
    {
        var normalised = normalizer.NormalizeName(role);
        return ByName(await Summaries(db.Users.AsNoTracking().Where(u => u.IsActive
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalised)))).ToListAsync(ct));
    }

    /// <inheritdoc />
    public Task<bool> HoldsRoleAsync(string personId, string role, CancellationToken ct = default)
    {
        var normalised = normalizer.NormalizeName(role);
        return db.UserRoles.AnyAsync(ur => ur.UserId == personId && db.Roles.Any(r => r.Id == ur.RoleId && r.NormalizedName == normalised), ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PersonSummary>> HoldersOfPermissionAsync(string permission, Guid? organisationId = null, CancellationToken ct = default)
    {
        var people = db.Users.AsNoTracking().Where(u => u.IsActive).Where(Holds(permission));
        if (organisationId is { } organisation)
        {
            people = people.Where(u => u.OrganisationId == organisation);
        }

        return ByName(await Summaries(people).ToListAsync(ct));
    }

    /// <inheritdoc />
    public async Task<PeoplePage> HoldersOfPermissionAsync(string permission, Guid organisationId, int skip, int take, CancellationToken ct = default)
    {
        var people = db.Users.AsNoTracking().Where(u => u.IsActive && u.OrganisationId == organisationId).Where(Holds(permission));
        var page = await Summaries(people.OrderBy(u => u.DisplayName == "" ? u.Email : u.DisplayName).ThenBy(u => u.Email).ThenBy(u => u.Id).Skip(skip).Take(take)).ToListAsync(ct);
        return new PeoplePage(ByName(page), PageLinks.TotalFromPage(skip, take, page.Count) ?? await people.CountAsync(ct));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReachablePerson>> ReachableAsync(IReadOnlyCollection<string>? personIds = null, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking().Where(u => u.IsActive && u.EmailConfirmed && u.Email != null);
        if (personIds is not null)
        {
            var wanted = personIds.Distinct().ToList();
            users = users.Where(u => wanted.Contains(u.Id));
        }

        var people = await Summaries(users).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.GroupBy(r => r.UserId)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.Name!).ToHashSet(StringComparer.Ordinal));
        return people.Select(p => new ReachablePerson(p, byUser.TryGetValue(p.Id, out var r) ? r : new HashSet<string>())).ToList();
    }

    /// <inheritdoc />
    public async Task<ClaimsPrincipal?> PrincipalOfAsync(string personId, CancellationToken ct = default)
    {
        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == personId && u.IsActive, ct);
        return person is null ? null : await principals.CreateAsync(person);
    }

    // Whether a person holds a role that grants the permission: looked up person by person (EXISTS on the person's roles),
    // so a page of one authority reads that authority's people, not every role holder in the country (an IN list of
    // all of them was built for each query: two thirds of the organisation CPD page at national size).
    private Expression<Func<PlatformUser, bool>> Holds(string permission)
    {
        var roleIds = db.RoleClaims.Where(c => c.ClaimType == PlatformClaims.Permission && c.ClaimValue == permission).Select(c => c.RoleId);
        return u => db.UserRoles.Any(r => r.UserId == u.Id && roleIds.Contains(r.RoleId));
    }

    private static IQueryable<PersonSummary> Summaries(IQueryable<PlatformUser> users) =>
        users.Select(u => new PersonSummary(u.Id, u.DisplayName, u.Email ?? "", u.OrganisationId) { IsActive = u.IsActive });

    private static List<PersonSummary> ByName(IEnumerable<PersonSummary> people) =>
        people.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();

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
