using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.Recipes;

/// <summary>The command line: <c>recipes list</c> and <c>recipes run FILE</c>, run as a person would run them.</summary>
public sealed class RecipeCommandTests : IDisposable
{
    private readonly string appData = Path.Combine(Path.GetTempPath(), "accreditation-cli-" + Guid.NewGuid().ToString("N"));

    private Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments) => RunInAsync(new Dictionary<string, string>(), arguments);

    private async Task<(int ExitCode, string Output, string Errors)> RunInAsync(IDictionary<string, string> environment, params string[] arguments)
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

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
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

    [Fact]
    public async Task In_production_the_demo_recipe_runs_only_with_allow_demo()
    {
        Directory.CreateDirectory(appData);
        var certificate = Path.Combine(appData, "production.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=accreditation-cli-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pkcs12, "cli"));
        }

        var production = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Site__BaseUrl"] = "https://accreditation.example.gov.uk",
            ["DataProtection__CertificatePath"] = certificate,
            ["DataProtection__CertificatePassword"] = "cli",
            ["OpenIddict__SigningCertificatePath"] = certificate,
            ["OpenIddict__SigningCertificatePassword"] = "cli",
            ["OpenIddict__EncryptionCertificatePath"] = certificate,
            ["OpenIddict__EncryptionCertificatePassword"] = "cli",
        };

        var refused = await RunInAsync(production, "recipes", "run", "demo.recipe.json");
        Assert.True(refused.ExitCode == 1, refused.Output + refused.Errors);
        Assert.Contains("'demo' is a demo recipe", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("runs in Production", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("--allow-demo", refused.Errors, StringComparison.Ordinal);

        var applied = await RunInAsync(production, "recipes", "run", "demo.recipe.json", "--allow-demo");
        Assert.True(applied.ExitCode == 0, applied.Output + applied.Errors);
        Assert.Contains("Recipe 'demo' applied.", applied.Output, StringComparison.Ordinal);
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
