using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Recipes;

/// <summary>
/// The "roles" step: creates roles and grants permissions. With "defaults": true each role also gets the
/// permissions the enabled modules give it by default.
/// </summary>
public sealed class RolesStep(RoleManager<PlatformRole> roles, IEnumerable<PermissionRegistration> permissions) : RecipeStep<RolesStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<RoleData> Roles, bool Defaults = true);

    /// <summary>One role and its extra permissions.</summary>
    public sealed record RoleData(string Name, IReadOnlyList<string>? Permissions = null);

    /// <inheritdoc />
    public override string Name => "roles";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var known = permissions.SelectMany(p => p.Provider.All).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < data.Roles.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(data.Roles[i].Name))
            {
                errors.Add($"$.roles[{i}].name", "A role needs a name.");
            }

            var granted = data.Roles[i].Permissions ?? [];
            for (var j = 0; j < granted.Count; j++)
            {
                if (!known.Contains(granted[j]))
                {
                    errors.Add($"$.roles[{i}].permissions[{j}]", $"Unknown permission '{granted[j]}'.");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        foreach (var roleData in data.Roles)
        {
            var role = await roles.FindByNameAsync(roleData.Name);
            if (role is null)
            {
                role = new PlatformRole(roleData.Name);
                Check(await roles.CreateAsync(role), roleData.Name);
            }

            var wanted = (roleData.Permissions ?? []).ToHashSet(StringComparer.Ordinal);
            if (data.Defaults)
            {
                foreach (var registration in permissions)
                {
                    if (registration.Provider.DefaultRoles.TryGetValue(roleData.Name, out var defaults))
                    {
                        wanted.UnionWith(defaults);
                    }
                }
            }

            var held = (await roles.GetClaimsAsync(role)).Where(c => c.Type == PlatformClaims.Permission).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            foreach (var permission in wanted.Except(held).Order(StringComparer.Ordinal))
            {
                Check(await roles.AddClaimAsync(role, new Claim(PlatformClaims.Permission, permission)), roleData.Name);
            }
        }
    }

    private static void Check(IdentityResult result, string role)
    {
        if (!result.Succeeded)
        {
            throw new RecipeStepException("$.roles", $"Role {role}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
