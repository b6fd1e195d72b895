using System.Text.Json.Nodes;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Frameworks.Tests.Recipes;

/// <summary>The setup recipe seeds the three Knowledge and Skills Statements; the "frameworks" step is idempotent and strict.</summary>
public sealed class FrameworksStepTests(FrameworksSite site) : IClassFixture<FrameworksSite>
{
    [Fact]
    public async Task Setup_recipe_seeds_six_practice_leader_statements() =>
        await AssertSeededAsync("practice-leader", 6, "Lead and govern excellent practice", "Quality assurance and improvement");

    [Fact]
    public async Task Setup_recipe_seeds_eight_practice_supervisor_statements() =>
        await AssertSeededAsync("practice-supervisor", 8, "Promote and govern excellent practice", "Performance management and improvement");

    [Fact]
    public async Task Setup_recipe_seeds_ten_child_and_family_practitioner_statements() =>
        await AssertSeededAsync("child-and-family-practitioner", 10, "Relationships and effective direct work", "Organisational context");

    [Fact]
    public async Task Every_seeded_statement_has_a_title_and_a_short_plain_description()
    {
        foreach (var key in new[] { "practice-leader", "practice-supervisor", "child-and-family-practitioner" })
        {
            var version = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync(key));
            Assert.NotNull(version);
            Assert.Equal(Enumerable.Range(1, version.Statements.Count), version.Statements.Select(s => s.Number));
            Assert.All(version.Statements, s =>
            {
                Assert.False(string.IsNullOrWhiteSpace(s.Title));
                var sentences = s.Description.Split(". ").Length;
                Assert.InRange(sentences, 1, 3);
            });
        }
    }

    [Fact]
    public async Task Running_the_setup_recipe_again_changes_no_rows()
    {
        var before = await site.SnapshotAsync();
        var recipeRunsBefore = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().RecipeRuns.CountAsync());

        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>()
            .RunFileAsync(Path.Combine(PlatformFactory.RecipesFolder(), "practice-leader.recipe.json")));

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.Contains(before, r => r.StartsWith("S ", StringComparison.Ordinal));
        Assert.Equal(recipeRunsBefore, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().RecipeRuns.CountAsync()));
    }

    [Fact]
    public async Task A_frameworks_step_with_duplicate_numbers_and_an_empty_title_is_refused_with_step_index_and_paths_and_nothing_is_applied()
    {
        var before = await site.SnapshotAsync();
        var recipe = Recipe(
            new JsonObject { ["name"] = "settings", ["settings"] = new JsonObject { ["Test:Marker"] = "applied" } },
            Step(Framework("refused-framework", 1, [(1, "First", "The first."), (1, "Second", "The second."), (2, "  ", "No title.")])));

        var result = await site.RunRecipeAsync(recipe);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.StepIndex == 1 && e.StepName == "frameworks" && e.Path == "$.steps[1].frameworks[0].statements[1].number"
            && e.Message.Contains("used more than once", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.StepIndex == 1 && e.Path == "$.steps[1].frameworks[0].statements[2].title");
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.Null(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().SiteSettings.SingleOrDefaultAsync(s => s.Key == "Test:Marker")));
    }

    [Theory]
    [InlineData("version", "\"one\"", "$.steps[0].frameworks[0].version")]
    [InlineData("published", "\"1st September\"", "$.steps[0].frameworks[0].published")]
    [InlineData("colour", "\"blue\"", "$.steps[0].frameworks[0].colour")]
    public async Task A_frameworks_step_with_a_wrong_type_or_unknown_member_is_refused_with_its_path(string member, string json, string path)
    {
        var before = await site.SnapshotAsync();
        var framework = Framework("typed-framework", 1, [(1, "First", "The first.")]);
        framework[member] = JsonNode.Parse(json);

        var result = await site.RunRecipeAsync(Recipe(Step(framework)));

        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.StepIndex);
        Assert.Equal(path, error.Path);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Fact]
    public async Task A_recipe_that_would_change_a_published_version_is_refused_and_nothing_of_it_is_applied()
    {
        var before = await site.SnapshotAsync();
        var seeded = await site.StatementsAsync("practice-leader", 1);
        var changed = seeded.Select(s => (s.Number, s.Number == 3 ? "A different title" : s.Title, s.Description)).ToList();
        var recipe = Recipe(
            Step(Framework("new-before-the-refusal", 1, [(1, "First", "The first.")])),
            Step(Framework("practice-leader", 1, changed)));

        var result = await site.RunRecipeAsync(recipe);

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.StepIndex);
        Assert.Equal("$.steps[1].frameworks[0].version", error.Path);
        Assert.Contains("already published with different content", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.Equal(seeded, await site.StatementsAsync("practice-leader", 1));
    }

    [Fact]
    public async Task A_recipe_can_add_a_new_version_and_the_earlier_version_keeps_its_statements()
    {
        var first = await site.RunRecipeAsync(Recipe(Step(Framework("versioned-by-recipe", 1, [(1, "Original", "The original wording.")]))));
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));

        var second = await site.RunRecipeAsync(Recipe(Step(
            Framework("versioned-by-recipe", 1, [(1, "Original", "The original wording.")]),
            Framework("versioned-by-recipe", 2, [(1, "Revised", "The new wording."), (2, "Added", "A new statement.")]))));

        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        Assert.Equal([(1, "Original", "The original wording.")], await site.StatementsAsync("versioned-by-recipe", 1));
        var current = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("versioned-by-recipe"));
        Assert.Equal(2, current!.Number);
        Assert.Equal(["Revised", "Added"], current.Statements.Select(s => s.Title));
    }

    [Fact]
    public async Task A_recipe_cannot_add_a_version_lower_than_the_existing_ones()
    {
        Assert.True((await site.RunRecipeAsync(Recipe(Step(Framework("only-upwards", 3, [(1, "Three", "Version three.")]))))).Succeeded);
        var before = await site.SnapshotAsync();

        var result = await site.RunRecipeAsync(Recipe(Step(Framework("only-upwards", 2, [(1, "Two", "Version two.")]))));

        var error = Assert.Single(result.Errors);
        Assert.Equal("$.steps[0].frameworks[0].version", error.Path);
        Assert.Contains("only go up", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    private async Task AssertSeededAsync(string key, int count, string first, string last)
    {
        var version = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync(key));
        Assert.NotNull(version);
        Assert.Equal(1, version.Number);
        Assert.Equal(count, version.Statements.Count);
        Assert.Equal(first, version.Statements[0].Title);
        Assert.Equal(last, version.Statements[^1].Title);
    }

    private static string Recipe(params JsonObject[] steps) =>
        new JsonObject { ["name"] = $"test-{Guid.NewGuid():N}", ["steps"] = new JsonArray(steps) }.ToJsonString();

    private static JsonObject Step(params JsonObject[] frameworks) =>
        new() { ["name"] = "frameworks", ["frameworks"] = new JsonArray(frameworks) };

    private static JsonObject Framework(string key, int version, IEnumerable<(int Number, string Title, string Description)> statements) => new()
    {
        ["key"] = key,
        ["name"] = $"Framework {key}",
        ["version"] = version,
        ["published"] = "2026-09-01",
        ["statements"] = new JsonArray(statements.Select(s => (JsonNode)new JsonObject { ["number"] = s.Number, ["title"] = s.Title, ["description"] = s.Description }).ToArray()),
    };
}
