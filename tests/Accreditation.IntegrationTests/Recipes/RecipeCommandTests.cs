using System.Diagnostics;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.Recipes;

/// <summary>The command line: <c>recipes list</c> and <c>recipes run FILE</c>, run as a person would run them.</summary>
public sealed class RecipeCommandTests : IDisposable
{
    private readonly string appData = Path.Combine(Path.GetTempPath(), "accreditation-cli-" + Guid.NewGuid().ToString("N"));

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "Accreditation.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(web);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AppData__Path"] = appData;
        start.Environment["Recipes__Path"] = PlatformFactory.RecipesFolder();
        start.Environment["Setup__AdminEmail"] = PlatformFactory.AdminEmail;
        start.Environment["Setup__AdminPassword"] = PlatformFactory.AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        if (Environment.GetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER") is "PostgreSql")
        {
            // The command line is exercised on SQLite only; the provider legs are covered by the hosted tests.
            start.Environment["Database__Provider"] = "Sqlite";
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Recipes_list_shows_the_shipped_recipes()
    {
        var (exit, output, _) = await RunAsync("recipes", "list");

        Assert.Equal(0, exit);
        foreach (var file in Directory.GetFiles(PlatformFactory.RecipesFolder(), "*.recipe.json"))
        {
            Assert.Contains(Path.GetFileName(file), output, StringComparison.Ordinal);
        }

        Assert.Contains("practice-leader", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recipes_run_applies_a_good_recipe_and_refuses_a_bad_one_with_its_step_and_path()
    {
        var good = Path.Combine(appData, "good.recipe.json");
        var bad = Path.Combine(appData, "bad.recipe.json");
        Directory.CreateDirectory(appData);
        await File.WriteAllTextAsync(good, """{ "name": "good", "steps": [ { "name": "settings", "settings": { "Site:Phase": "Alpha" } } ] }""");
        await File.WriteAllTextAsync(bad, """{ "name": "bad", "steps": [ { "name": "settings", "settings": { "Site:Phase": 3 } } ] }""");

        var applied = await RunAsync("recipes", "run", good);
        Assert.Equal(0, applied.ExitCode);
        Assert.Contains("Recipe 'good' applied.", applied.Output, StringComparison.Ordinal);

        var refused = await RunAsync("recipes", "run", bad);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Step 0 (settings) at $.steps[0].settings.Site:Phase", refused.Errors, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(appData))
        {
            Directory.Delete(appData, recursive: true);
        }
    }
}
