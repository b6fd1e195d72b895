using Accreditation.Core.Modules;

namespace Accreditation.Core.Tests;

public sealed class ModuleCatalogTests
{
    private sealed class TestModule(string id, params string[] dependencies) : ModuleStartup
    {
        public override ModuleManifest Manifest { get; } = new(id, id, $"The {id} module", dependencies);
    }

    private static IReadOnlyList<string> Ids(IEnumerable<ModuleStartup> modules) => modules.Select(m => m.Manifest.Id).ToList();

    [Fact]
    public void Modules_are_composed_after_the_modules_they_depend_on()
    {
        var modules = new ModuleStartup[]
        {
            new TestModule("Marking", "Portfolios", "Identity"),
            new TestModule("Portfolios", "Frameworks"),
            new TestModule("Identity"),
            new TestModule("Frameworks", "Identity"),
        };

        var ordered = Ids(ModuleCatalog.Compose(modules, null));

        Assert.Equal(["Identity", "Frameworks", "Portfolios", "Marking"], ordered);
    }

    [Fact]
    public void Independent_modules_keep_the_order_the_host_lists_them_in()
    {
        var modules = new ModuleStartup[] { new TestModule("C"), new TestModule("A"), new TestModule("B") };

        Assert.Equal(["C", "A", "B"], Ids(ModuleCatalog.Compose(modules, null)));
    }

    [Fact]
    public void A_missing_dependency_stops_composition_naming_both_modules()
    {
        var modules = new ModuleStartup[] { new TestModule("Identity"), new TestModule("Portfolios", "Frameworks") };

        var error = Assert.Throws<ModuleCompositionException>(() => ModuleCatalog.Compose(modules, null));

        Assert.Contains("Portfolios needs Frameworks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dependency_left_out_by_configuration_counts_as_missing()
    {
        var modules = new ModuleStartup[] { new TestModule("Identity"), new TestModule("Frameworks", "Identity") };

        var error = Assert.Throws<ModuleCompositionException>(() => ModuleCatalog.Compose(modules, ["Frameworks"]));

        Assert.Contains("Frameworks needs Identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_stops_composition_naming_the_modules_in_it()
    {
        var modules = new ModuleStartup[]
        {
            new TestModule("Identity"),
            new TestModule("Marking", "Portfolios"),
            new TestModule("Portfolios", "Credentials"),
            new TestModule("Credentials", "Marking"),
        };

        var error = Assert.Throws<ModuleCompositionException>(() => ModuleCatalog.Compose(modules, null));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Contains("Marking -> Portfolios -> Credentials -> Marking", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_composes_only_the_enabled_modules()
    {
        var modules = new ModuleStartup[] { new TestModule("Identity"), new TestModule("Research", "Identity"), new TestModule("Cpd", "Identity") };

        Assert.Equal(["Identity", "Cpd"], Ids(ModuleCatalog.Compose(modules, ["Cpd", "Identity"])));
    }

    [Fact]
    public void Configuration_naming_an_unknown_module_is_refused()
    {
        var modules = new ModuleStartup[] { new TestModule("Identity") };

        var error = Assert.Throws<ModuleCompositionException>(() => ModuleCatalog.Compose(modules, ["Identity", "Billing"]));

        Assert.Contains("Billing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_modules_with_the_same_id_are_refused()
    {
        var modules = new ModuleStartup[] { new TestModule("Identity"), new TestModule("identity") };

        Assert.Throws<ModuleCompositionException>(() => ModuleCatalog.Compose(modules, null));
    }
}
