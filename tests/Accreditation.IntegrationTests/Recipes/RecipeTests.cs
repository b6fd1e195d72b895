using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Recipes;

/// <summary>Recipes: idempotent, refused whole when bad, with the step index and JSON path.</summary>
public sealed class RecipeTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private Task<RecipeResult> RunAsync(string json) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(json));

    private static string SetupRecipe() => File.ReadAllText(Path.Combine(PlatformFactory.RecipesFolder(), "practice-leader.recipe.json"));

    [Fact]
    public async Task Running_the_setup_recipe_a_second_time_changes_nothing()
    {
        _ = site.Server; // start the site: the setup recipe runs once at start-up
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var result = await RunAsync(SetupRecipe());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var after = await DatabaseSnapshot.TakeAsync(site.Services);
        Assert.Empty(DatabaseSnapshot.Differences(before, after));
        Assert.Contains(before.Keys, t => t == "AspNetRoles"); // the snapshot really covers the model
        Assert.NotEmpty(before["AspNetRoles"]);
    }

    [Fact]
    public async Task A_recipe_run_that_changes_data_is_seen_in_the_database()
    {
        var result = await RunAsync("""
            { "name": "contact", "steps": [ { "name": "settings", "settings": { "Site:Contact": "help@example.gov.uk" } } ] }
            """);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var value = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().SiteSettings.SingleAsync(s => s.Key == "Site:Contact"));
        Assert.Equal("help@example.gov.uk", value.Value);
    }

    [Theory]
    [InlineData("""{ "name": "bad", "steps": [ { "name": "settings", "settings": { "Site:Name": "ok" } }, { "name": "no-such-step" } ] }""", 1, "$.steps[1].name", "Unknown step 'no-such-step'")]
    [InlineData("""{ "name": "bad", "steps": [ { "name": "settings", "settings": { "Site:Name": "ok" } }, { "name": "roles", "roles": [ { "name": "Candidate", "permissions": "all" } ] } ] }""", 1, "$.steps[1].roles[0].permissions", "could not be converted")]
    [InlineData("""{ "name": "bad", "steps": [ { "name": "roles", "roles": [ { "permissions": [] } ] } ] }""", 0, "$.steps[0].roles[0]", "missing required properties")]
    [InlineData("""{ "name": "bad", "steps": [ { "name": "settings", "settings": { "Site:Name": "ok" }, "colour": "red" } ] }""", 0, "$.steps[0].colour", "could not be mapped")]
    [InlineData("""{ "name": "bad", "steps": [ { "name": "roles", "roles": [ { "name": "Candidate", "permissions": ["No.Such.Permission"] } ] } ] }""", 0, "$.steps[0].roles[0].permissions[0]", "Unknown permission")]
    public async Task A_bad_recipe_is_refused_with_the_step_index_and_path_and_nothing_is_applied(string json, int step, string path, string message)
    {
        _ = site.Server;
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var result = await RunAsync(json);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(step, error.StepIndex);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));
    }

    [Fact]
    public async Task A_step_that_fails_while_applying_rolls_back_the_steps_before_it()
    {
        _ = site.Server;
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        // Valid shape, but the password is refused by the password policy only when the user is created.
        var result = await RunAsync("""
            { "name": "half", "steps": [
              { "name": "settings", "settings": { "Site:Name": "Changed by a failing recipe" } },
              { "name": "users", "users": [ { "email": "short@example.gov.uk", "displayName": "Short", "password": "short", "roles": ["Candidate"] } ] }
            ] }
            """);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.StepIndex);
        Assert.Equal("$.steps[1].users[0]", error.Path);
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));
    }

    [Fact]
    public async Task Recipe_syntax_errors_are_reported_without_a_crash()
    {
        var result = await RunAsync("{ \"name\": \"broken\", \"steps\": [ ");

        Assert.False(result.Succeeded);
        Assert.Contains("not valid JSON", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variables_are_substituted_and_an_unknown_variable_is_refused()
    {
        var ok = await RunAsync("""
            { "name": "vars", "variables": { "who": "Chief Social Worker's office" },
              "steps": [ { "name": "settings", "settings": { "Site:Owner": "{{ who }}" } } ] }
            """);
        Assert.True(ok.Succeeded, string.Join("; ", ok.Errors));
        var owner = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().SiteSettings.SingleAsync(s => s.Key == "Site:Owner"));
        Assert.Equal("Chief Social Worker's office", owner.Value);

        var bad = await RunAsync("""{ "name": "vars2", "steps": [ { "name": "settings", "settings": { "Site:Owner": "{{ nobody }}" } } ] }""");
        Assert.False(bad.Succeeded);
        Assert.Equal("$.steps[0].settings.Site:Owner", Assert.Single(bad.Errors).Path);
    }
}
