using Accreditation.Core.Contracts;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Integration;

/// <summary>The demo recipe gives the demo candidate a CPD record: an earlier year not met and the current year met.</summary>
public sealed class DemoRecipeTests(CpdSite site) : IClassFixture<CpdSite>
{
    [Fact]
    public async Task The_demo_candidate_has_met_the_current_year_and_running_the_recipe_again_adds_nothing()
    {
        var path = Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json");
        for (var run = 0; run < 2; run++)
        {
            var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(path, allowDemo: true));
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }

        var years = await site.WithScopeAsync(async sp =>
        {
            var candidate = await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync("candidate@demo.example");
            return await sp.GetRequiredService<ICpdYears>().YearsOfAsync(candidate!.Id, new DateOnly(2025, 1, 1), new DateOnly(2026, 11, 2));
        });

        Assert.Equal([("2024-25", 1, false), ("2025-26", 2, true)], years.Select(y => (y.Label, y.Records, y.Met)));
    }

    [Fact]
    public async Task A_step_naming_nobody_or_half_a_peer_reflection_is_refused_with_the_path()
    {
        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "bad cpd", "steps": [ { "name": "cpd-records", "records": [
              { "person": "nobody@example.gov.uk", "type": "Reading", "title": "A", "date": "2026-01-01", "hours": 1,
                "description": "d", "learning": "l", "impact": "i", "peerName": "Jo" } ] } ] }
            """));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path.Contains("peerName", StringComparison.Ordinal));
    }
}
