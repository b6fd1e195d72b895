namespace Accreditation.Architecture.Tests;

/// <summary>
/// A module reaches another only through that module's contracts (types in a namespace ending ".Contracts") and the
/// kernel; Identity's people, roles and organisations are read only through Identity's contracts, never its tables.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string IdentityModule = "Accreditation.Identity";

    /// <summary>The kernel's and ASP.NET Core Identity's types that are Identity's tables, or its managers over them.</summary>
    private static readonly HashSet<string> IdentityTables =
    [
        "Accreditation.Core.Identity.PlatformUser",
        "Accreditation.Core.Identity.PlatformRole",
        "Accreditation.Core.Identity.Organisation",
        "Microsoft.AspNetCore.Identity.IdentityUserRole`1",
        "Microsoft.AspNetCore.Identity.IdentityRoleClaim`1",
        "Microsoft.AspNetCore.Identity.IdentityUserClaim`1",
        "Microsoft.AspNetCore.Identity.IdentityUserLogin`1",
        "Microsoft.AspNetCore.Identity.IdentityUserToken`1",
        "Microsoft.AspNetCore.Identity.IdentityUserPasskey`1",
        "Microsoft.AspNetCore.Identity.UserManager`1",
        "Microsoft.AspNetCore.Identity.RoleManager`1",
        "Microsoft.AspNetCore.Identity.SignInManager`1",
    ];

    public static TheoryData<string> Modules => new(ModuleAssemblies.Modules);

    [Fact]
    public void Every_module_is_checked()
    {
        // The rules below run per module found in the host's output; an empty list would make them pass for nothing.
        Assert.Contains("Accreditation.Portfolios", ModuleAssemblies.Modules);
        Assert.Contains("Accreditation.Marking", ModuleAssemblies.Modules);
        Assert.True(ModuleAssemblies.Modules.Count >= 10, string.Join(", ", ModuleAssemblies.Modules));
    }

    [Fact]
    public void The_metadata_shows_the_tables_a_module_queries()
    {
        // Identity owns people: its queries over db.Users and db.UserRoles must show up, or the rules below see nothing.
        var identity = ModuleAssemblies.UsesOf(IdentityModule).Select(u => u.FullName).ToHashSet();
        Assert.Contains("Accreditation.Core.Identity.PlatformUser", identity);
        Assert.Contains("Microsoft.AspNetCore.Identity.IdentityUserRole`1", identity);

        // Marking reads Portfolios' submissions through its contracts: the crossing is seen, and allowed.
        Assert.Contains(ModuleAssemblies.UsesOf("Accreditation.Marking"),
            u => u.ToAssembly == "Accreditation.Portfolios" && u.Namespace == "Accreditation.Portfolios.Contracts");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_uses_only_the_contracts_of_another_module(string module)
    {
        var others = ModuleAssemblies.Modules.Where(m => m != module).ToHashSet();
        var crossings = ModuleAssemblies.UsesOf(module)
            .Where(u => others.Contains(u.ToAssembly) && !IsContract(u))
            .Select(u => $"{u.FullName} (from {u.ToAssembly})")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(crossings.Count == 0,
            $"{module} uses types of other modules that are not in their Contracts namespace:\n  " + string.Join("\n  ", crossings));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Only_Identity_reads_the_tables_of_people_roles_and_organisations(string module)
    {
        if (module == IdentityModule)
        {
            return;
        }
        var reads = ModuleAssemblies.UsesOf(module)
            .Where(u => IdentityTables.Contains(u.FullName))
            .Select(u => u.FullName)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(reads.Count == 0,
            $"{module} uses Identity's tables or managers; read people through Core.Identity's contracts (IPeopleDirectory, IOrganisationDirectory):\n  "
            + string.Join("\n  ", reads));
    }

    private static bool IsContract(TypeUse use) =>
        use.Namespace.EndsWith(".Contracts", StringComparison.Ordinal) || use.Namespace.Contains(".Contracts.", StringComparison.Ordinal);
}
