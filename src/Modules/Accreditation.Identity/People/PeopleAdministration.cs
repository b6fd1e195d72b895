using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.People;

/// <summary>What a change to a person came to.</summary>
public enum PersonChange
{
    /// <summary>Saved (and audited).</summary>
    Saved,

    /// <summary>Nothing to change.</summary>
    Unchanged,

    /// <summary>Someone else changed the person since the form was shown; nothing was saved.</summary>
    Conflict,
}

/// <summary>
/// Changes people within an admin's remit: roles and organisation, deactivation (which ends every session at the next
/// security-stamp check and tells every <see cref="IPersonDeactivated"/>) and reactivation. Every change is audited in
/// the same transaction.
/// </summary>
public sealed class PeopleAdministration(
    AccreditationDbContext db,
    UserManager<PlatformUser> users,
    IAuditTrail audit,
    IEnumerable<IPersonDeactivated> deactivated)
{
    /// <summary>The remit of the signed-in admin.</summary>
    public async Task<AdminRemit> RemitAsync(ClaimsPrincipal admin)
    {
        var id = users.GetUserId(admin) ?? "";
        var organisation = await db.Users.Where(u => u.Id == id).Select(u => u.OrganisationId).SingleOrDefaultAsync();
        return new AdminRemit(admin.HasPermission(Permissions.ManagePlatform), organisation, id);
    }

    /// <summary>The person, if the admin may see them; null otherwise (pages answer 404).</summary>
    public async Task<PlatformUser?> FindAsync(AdminRemit remit, string id)
    {
        var person = await users.FindByIdAsync(id);
        return person is not null && remit.CanSee(person) ? person : null;
    }

    /// <summary>
    /// Gives the person exactly <paramref name="roles"/> (roles outside the admin's remit that they hold are kept) and,
    /// for a platform admin, moves them to <paramref name="organisationId"/>.
    /// </summary>
    public async Task<PersonChange> ChangeAsync(PlatformUser person, IReadOnlyCollection<string> roles, Guid? organisationId, string? concurrencyStamp, CancellationToken ct)
    {
        if (person.ConcurrencyStamp != concurrencyStamp)
        {
            return PersonChange.Conflict;
        }

        var held = await users.GetRolesAsync(person);
        var add = roles.Except(held, StringComparer.Ordinal).ToList();
        var remove = held.Except(roles, StringComparer.Ordinal).ToList();
        var moved = organisationId != person.OrganisationId;
        if (add.Count == 0 && remove.Count == 0 && !moved)
        {
            return PersonChange.Unchanged;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changes = new List<string>();
        if (remove.Count > 0)
        {
            if (!(await users.RemoveFromRolesAsync(person, remove)).Succeeded)
            {
                return PersonChange.Conflict;
            }

            changes.Add("removed " + string.Join(", ", remove));
        }

        if (add.Count > 0)
        {
            if (!(await users.AddToRolesAsync(person, add)).Succeeded)
            {
                return PersonChange.Conflict;
            }

            changes.Add("added " + string.Join(", ", add));
        }

        if (remove.Count > 0 || add.Count > 0)
        {
            audit.Add("user.roles-changed", "User", person.Id, string.Join("; ", changes));
        }

        if (moved)
        {
            audit.Add("user.organisation-changed", "User", person.Id, $"{person.OrganisationId?.ToString() ?? "none"} to {organisationId?.ToString() ?? "none"}");
            person.OrganisationId = organisationId;
        }

        // Saves the audit entries with the person; the stamp check refuses it if someone else saved them meanwhile.
        if (!(await users.UpdateAsync(person)).Succeeded)
        {
            return PersonChange.Conflict;
        }

        await transaction.CommitAsync(ct);
        return PersonChange.Saved;
    }

    /// <summary>
    /// Deactivates the person: they cannot sign in, and every session they have ends at its next security-stamp check
    /// (at most five minutes). Every <see cref="IPersonDeactivated"/> runs inside the same transaction.
    /// </summary>
    public async Task<PersonChange> DeactivateAsync(PlatformUser person, string? concurrencyStamp, CancellationToken ct)
    {
        if (person.ConcurrencyStamp != concurrencyStamp)
        {
            return PersonChange.Conflict;
        }

        if (!person.IsActive)
        {
            return PersonChange.Unchanged;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        person.IsActive = false;
        audit.Add("user.deactivated", "User", person.Id, person.Email);
        if (!(await users.UpdateSecurityStampAsync(person)).Succeeded)
        {
            return PersonChange.Conflict;
        }

        foreach (var handler in deactivated)
        {
            await handler.PersonDeactivatedAsync(person.Id, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return PersonChange.Saved;
    }

    /// <summary>Lets a deactivated person sign in again.</summary>
    public async Task<PersonChange> ReactivateAsync(PlatformUser person, string? concurrencyStamp)
    {
        if (person.ConcurrencyStamp != concurrencyStamp)
        {
            return PersonChange.Conflict;
        }

        if (person.IsActive)
        {
            return PersonChange.Unchanged;
        }

        person.IsActive = true;
        audit.Add("user.reactivated", "User", person.Id, person.Email);
        return (await users.UpdateAsync(person)).Succeeded ? PersonChange.Saved : PersonChange.Conflict;
    }

    /// <summary>The roles each of these people hold, by user id.</summary>
    public async Task<Dictionary<string, List<string>>> RolesOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct)
    {
        var rows = await (from userRole in db.UserRoles
                          join role in db.Roles on userRole.RoleId equals role.Id
                          where userIds.Contains(userRole.UserId)
                          select new { userRole.UserId, role.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).OrderBy(n => Roles.All.ToList().IndexOf(n)).ToList());
    }
}
