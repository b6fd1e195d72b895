using System.Security.Claims;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Setup;

/// <summary>A site set up before a built-in role existed gets it, with its default permissions, when it next starts.</summary>
public sealed class BuiltInRolesTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_missing_built_in_role_is_added_with_its_default_permissions_and_existing_roles_are_left_alone()
    {
        _ = site.Server;
        await site.WithScopeAsync(async sp =>
        {
            var roles = sp.GetRequiredService<RoleManager<PlatformRole>>();
            Assert.True((await roles.DeleteAsync((await roles.FindByNameAsync(Roles.Endorser))!)).Succeeded);
            var candidate = (await roles.FindByNameAsync(Roles.Candidate))!;
            Assert.True((await roles.RemoveClaimAsync(candidate, new Claim(PlatformClaims.Permission, "Portfolios.Build"))).Succeeded);
        });

        for (var run = 0; run < 2; run++)
        {
            await site.WithScopeAsync(async sp =>
            {
                foreach (var task in sp.GetServices<IStartupTask>().Where(t => t.GetType().Name == "BuiltInRolesTask"))
                {
                    await task.RunAsync(sp, CancellationToken.None);
                }
            });
        }

        var (endorser, candidatePermissions) = await site.WithScopeAsync(async sp =>
        {
            var roles = sp.GetRequiredService<RoleManager<PlatformRole>>();
            var role = await roles.FindByNameAsync(Roles.Endorser);
            var claims = role is null ? [] : (await roles.GetClaimsAsync(role)).Select(c => c.Value).ToList();
            var candidate = (await roles.GetClaimsAsync((await roles.FindByNameAsync(Roles.Candidate))!)).Select(c => c.Value).ToList();
            return (claims, candidate);
        });
        Assert.Equal(["Portfolios.Endorse"], endorser);
        Assert.DoesNotContain("Portfolios.Build", candidatePermissions);
    }
}
