using Accreditation.Core.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>A person who can receive email: their address, name and what they may read.</summary>
public sealed record Recipient(string UserId, string Email, string Name, Reader Reader);

/// <summary>Finds active people with a confirmed address, with their roles and organisation, to decide who an email may reach.</summary>
public sealed class Readers(AccreditationDbContext db)
{
    /// <summary>Every active person with a confirmed email address, optionally only the listed ones.</summary>
    public async Task<IReadOnlyList<Recipient>> ListAsync(IReadOnlyCollection<string>? userIds = null, CancellationToken ct = default)
    {
        var users = db.Users.AsNoTracking().Where(u => u.IsActive && u.EmailConfirmed && u.Email != null);
        if (userIds is not null)
        {
            users = users.Where(u => userIds.Contains(u.Id));
        }

        var people = await users.Select(u => new { u.Id, u.Email, u.DisplayName, u.OrganisationId }).ToListAsync(ct);
        var ids = people.Select(p => p.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var byUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(r => r.Name!).ToHashSet(StringComparer.Ordinal));
        return people.Select(p => new Recipient(
                p.Id, p.Email!, p.DisplayName.Length > 0 ? p.DisplayName : p.Email!,
                new Reader(true, byUser.TryGetValue(p.Id, out var r) ? r : new HashSet<string>(), p.OrganisationId)))
            .ToList();
    }
}
