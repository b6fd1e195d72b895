using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Accreditation.Identity.Setup;

/// <summary>
/// On a site already set up (it has roles), creates any built-in role a newer version added (such as Endorser) with
/// the permissions the enabled modules give it by default. Roles that exist are never touched, so an admin's changes
/// to them stand; a new site gets its roles from the setup recipe instead.
/// </summary>
public sealed class BuiltInRolesTask(RoleManager<PlatformRole> roles, IEnumerable<PermissionRegistration> permissions, ILogger<BuiltInRolesTask> logger) : IStartupTask
{
    /// <inheritdoc />
    public int Order => 50;

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var existing = await roles.Roles.Select(r => r.Name!).ToListAsync(ct);
        if (existing.Count == 0)
        {
            return;
        }

        foreach (var name in Roles.All.Except(existing, StringComparer.Ordinal))
        {
            var role = new PlatformRole(name);
            Check(await roles.CreateAsync(role), name);
            foreach (var permission in permissions.SelectMany(p => p.Provider.DefaultRoles.TryGetValue(name, out var granted) ? granted : []).Distinct().Order(StringComparer.Ordinal))
            {
                Check(await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, permission)), name);
            }

            logger.LogInformation("Added the built-in role {Role} with its default permissions", name);
        }
    }

    private static void Check(IdentityResult result, string role)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The built-in role {role} could not be added: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
