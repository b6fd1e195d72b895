using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Accreditation.IntegrationTests.Recipes;

/// <summary>
/// The demo recipe gives a newcomer a person in every role, who must choose their own password at first sign-in; it
/// marks itself as demo data, so outside Development it runs only when the operator says so.
/// </summary>
public sealed class DemoRecipeTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private static readonly string DemoRecipe = Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json");

    [Fact]
    public async Task Demo_recipe_adds_a_person_in_every_role_who_must_change_the_shared_password_and_is_idempotent()
    {
        _ = site.Server;

        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(DemoRecipe, allowDemo: true));
        Assert.True(first.Succeeded, string.Join("; ", first.Errors));
        var afterFirst = await DatabaseSnapshot.TakeAsync(site.Services);
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(DemoRecipe, allowDemo: true));
        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        Assert.Empty(DatabaseSnapshot.Differences(afterFirst, await DatabaseSnapshot.TakeAsync(site.Services)));

        foreach (var role in Roles.All)
        {
            var people = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().GetUsersInRoleAsync(role));
            Assert.True(people.Any(p => p.Email!.EndsWith("@demo.example", StringComparison.Ordinal)), $"No demo person holds {role}.");
            Assert.All(people.Where(p => p.Email!.EndsWith("@demo.example", StringComparison.Ordinal)), p => Assert.True(p.MustChangePassword, $"{p.Email} keeps the shared password"));
        }

        // The shared password signs in once, straight to choosing one's own; nothing else opens until then.
        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInAsync("candidate@demo.example", "Kite Harbour Lantern 7");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(PasswordChangeGate.ChangePasswordPath, signIn.Headers.Location?.OriginalString);
        Assert.Equal(PasswordChangeGate.ChangePasswordPath, (await client.GetAsync("/portfolio")).Headers.Location?.OriginalString);
        var changed = await client.PostFormAsync(PasswordChangeGate.ChangePasswordPath, new Dictionary<string, string>
        {
            ["CurrentPassword"] = "Kite Harbour Lantern 7",
            ["NewPassword"] = "granite heron quietly 31",
            ["ConfirmPassword"] = "granite heron quietly 31",
        });
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/portfolio")).StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_demo_recipe_is_refused_without_the_flag_and_changes_nothing()
    {
        _ = site.Server;
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var refused = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(DemoRecipe));

        var error = Assert.Single(refused.Errors);
        Assert.Equal("$.demo", error.Path);
        Assert.Contains("demo recipe", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-demo", error.Message, StringComparison.Ordinal);
        Assert.Contains(RecipeRunner.AllowDemoSetting, error.Message, StringComparison.Ordinal);
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));
    }

    [Fact]
    public async Task The_setting_or_development_lets_the_demo_recipe_run()
    {
        _ = site.Server;
        var allowed = new ConfigurationBuilder().AddInMemoryCollection([new(RecipeRunner.AllowDemoSetting, "true")]).Build();

        var withSetting = await site.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<RecipeRunner>(sp, (IConfiguration)allowed).RunFileAsync(DemoRecipe));
        var inDevelopment = await site.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<RecipeRunner>(sp, (IHostEnvironment)new HostingEnvironment { EnvironmentName = Environments.Development }).RunFileAsync(DemoRecipe));

        Assert.True(withSetting.Succeeded, string.Join("; ", withSetting.Errors));
        Assert.True(inDevelopment.Succeeded, string.Join("; ", inDevelopment.Errors));
    }
}
