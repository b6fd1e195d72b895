using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Tests.Modules;

/// <summary>Switching modules off and on at run time keeps every enabled module's dependencies enabled.</summary>
public sealed class ModuleStateTests : IAsyncLifetime
{
    private sealed class TestModule(string id, params string[] dependencies) : ModuleStartup
    {
        public override ModuleManifest Manifest { get; } = new(id, id.Replace("Test.", "", StringComparison.Ordinal), $"The {id} module", dependencies);
    }

    private readonly string folder = Path.Combine(Path.GetTempPath(), "accreditation-module-state-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider services = null!;
    private ModuleState state = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        ModuleStartup[] modules = [new TestModule("Test.Library"), new TestModule("Test.Reading", "Test.Library"), new TestModule("Test.Notes")];
        var collection = new ServiceCollection();
        collection.AddSingleton(new ModelContributions([]));
        collection.AddAccreditationData(new DatabaseSettings(DatabaseSettings.Sqlite, $"Data Source={Path.Combine(folder, "modules.db")}", folder));
        collection.AddSingleton(new ComposedModules(modules, modules));
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton<ModuleState>();
        services = collection.BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccreditationDbContext>().Database.EnsureCreatedAsync();
        state = services.GetRequiredService<ModuleState>();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<IReadOnlyList<string>> ChangeAsync(string[] enable, string[] disable)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var errors = await state.ChangeAsync(db, enable, disable);
        await db.SaveChangesAsync();
        state.Reset();
        return errors;
    }

    [Fact]
    public async Task A_module_another_enabled_module_needs_cannot_be_disabled_and_nothing_changes()
    {
        var errors = await ChangeAsync([], ["Test.Library"]);

        Assert.Equal(["Library cannot be disabled while Reading is enabled, because Reading needs it. Disable Reading first."], errors);
        Assert.True(state.IsEnabled("Test.Library"));
        Assert.True(state.IsEnabled("Test.Reading"));
    }

    [Fact]
    public async Task A_module_and_the_module_that_needs_it_can_be_disabled_together()
    {
        Assert.Empty(await ChangeAsync([], ["Test.Library", "Test.Reading"]));

        Assert.False(state.IsEnabled("Test.Library"));
        Assert.False(state.IsEnabled("Test.Reading"));
        Assert.True(state.IsEnabled("Test.Notes"));
    }

    [Fact]
    public async Task A_module_cannot_be_enabled_while_a_module_it_needs_is_disabled()
    {
        Assert.Empty(await ChangeAsync([], ["Test.Library", "Test.Reading"]));

        var errors = await ChangeAsync(["Test.Reading"], []);

        Assert.Equal(["Reading needs Library, which is disabled. Enable Library first."], errors);
        Assert.False(state.IsEnabled("Test.Reading"));
        Assert.Empty(await ChangeAsync(["Test.Library", "Test.Reading"], []));
        Assert.True(state.IsEnabled("Test.Reading"));
    }

    [Fact]
    public async Task A_module_nobody_needs_can_be_disabled_and_enabled_again()
    {
        Assert.Empty(await ChangeAsync([], ["Test.Reading"]));
        Assert.False(state.IsEnabled("Test.Reading"));
        Assert.True(state.IsEnabled("Test.Library"));

        Assert.Empty(await ChangeAsync(["Test.Reading"], []));
        Assert.True(state.IsEnabled("Test.Reading"));
    }

    [Fact]
    public async Task A_disabled_modules_pages_are_refused_by_the_module_gate()
    {
        Assert.Empty(await ChangeAsync([], ["Test.Notes"]));
        var context = new DefaultHttpContext { RequestServices = services };
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new ModuleEndpointMetadata("Test.Notes")), "notes page"));
        var reached = false;
        var gate = new ApplicationBuilder(services).UseModuleGate();
        gate.Run(_ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        await gate.Build()(context);

        Assert.False(reached);
        Assert.Equal(404, context.Response.StatusCode);
    }
}
