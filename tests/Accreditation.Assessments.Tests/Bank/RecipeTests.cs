using Accreditation.Assessments.Data;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Bank;

public sealed class RecipeTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    [Fact]
    public async Task The_demo_recipe_gives_the_practice_leader_programme_a_bank_and_blueprint_and_running_it_again_changes_nothing()
    {
        for (var run = 0; run < 2; run++)
        {
            var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json"), allowDemo: true));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }

        var (items, blueprint) = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            return (await db.Set<QuestionItem>().AsNoTracking().Where(i => i.Key.StartsWith("PL-")).ToListAsync(), await db.Set<Blueprint>().AsNoTracking().SingleAsync());
        });
        Assert.Equal(8, items.Count);
        Assert.All(items, i => Assert.Equal(1, i.Number));
        Assert.Equal(2, items.Count(i => i.ScenarioKey == "S-RIVERSIDE"));
        Assert.Equal("General=3;Applied=2", blueprint.Rules);
        Assert.Equal(20, blueprint.TimeLimitMinutes);
    }

    [Fact]
    public async Task A_bad_assessment_step_is_refused_with_its_path_and_applies_nothing()
    {
        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "bad", "steps": [ { "name": "assessment",
              "items": [ { "key": "BAD-1", "kind": "Single", "group": "General", "statements": [1], "stem": "?", "options": ["a", "b"], "correct": [3] } ],
              "blueprints": [ { "programme": "Nowhere", "groups": { "General": 0 } } ] } ] }
            """));
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path.Contains("items[0]", StringComparison.Ordinal) && e.Message.Contains("option numbers from 1 to 2", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path.Contains("blueprints[0].groups", StringComparison.Ordinal));
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<QuestionItem>().AnyAsync(i => i.Key == "BAD-1")));
    }
}
