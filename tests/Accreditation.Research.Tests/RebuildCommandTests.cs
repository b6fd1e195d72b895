using System.Diagnostics;
using Accreditation.Testing;

namespace Accreditation.Research.Tests;

/// <summary>The <c>search rebuild</c> command, run as an operator would run it.</summary>
public sealed class RebuildCommandTests : IDisposable
{
    private readonly string appData = Path.Combine(Path.GetTempPath(), "accreditation-search-cli-" + Guid.NewGuid().ToString("N"));

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Accreditation.Web.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AppData__Path"] = appData;
        start.Environment["Recipes__Path"] = PlatformFactory.RecipesFolder();
        start.Environment["Setup__AdminEmail"] = PlatformFactory.AdminEmail;
        start.Environment["Setup__AdminPassword"] = PlatformFactory.AdminPassword;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Database__Provider"] = "Sqlite"; // the command line is exercised on SQLite; the hosted tests cover both providers
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task Search_rebuild_indexes_every_published_item_from_the_database()
    {
        var (applied, log) = await RunAsync("recipes", "run", "demo.recipe.json", "--allow-demo");
        Assert.True(applied == 0, log);

        var (exit, output) = await RunAsync("search", "rebuild");

        Assert.True(exit == 0, output);
        Assert.Contains("Research index rebuilt: 7 documents for 7 published items", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(appData, "index", "research.checkpoint")));
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
