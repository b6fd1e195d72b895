using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Recipes;

/// <summary>The demo recipe gives a newcomer a person in every role, who can sign in.</summary>
public sealed class DemoRecipeTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Demo_recipe_adds_a_person_in_every_role_who_can_sign_in_and_is_idempotent()
    {
        _ = site.Server;
        var path = Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json");

        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(path));
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        var afterFirst = await DatabaseSnapshot.TakeAsync(site.Services);
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(path));
        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        Assert.Empty(DatabaseSnapshot.Differences(afterFirst, await DatabaseSnapshot.TakeAsync(site.Services)));

        foreach (var role in Roles.All)
        {
            var people = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().GetUsersInRoleAsync(role));
            Assert.True(people.Any(p => p.Email!.EndsWith("@demo.example", StringComparison.Ordinal)), $"No demo person holds {role}.");
        }

        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInAsync("candidate@demo.example", "Kite Harbour Lantern 7");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }
}
