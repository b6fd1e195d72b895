using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Setup;

/// <summary>
/// An empty App_Data: the site starts, the setup recipe is applied, the admin can sign in and, as a platform admin,
/// sets up two-factor authentication before reaching any admin page.
/// </summary>
public sealed class FreshStartTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Empty_database_gets_the_setup_recipe_and_the_first_admin_can_sign_in()
    {
        var client = site.CreateBrowserLikeClient();

        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        var runs = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().RecipeRuns.Select(r => r.Name).ToListAsync());
        Assert.Equal(["practice-leader"], runs);
        // A first start says what it is doing, as the console is otherwise quiet until the site listens.
        var said = site.ServerLog.Entries.Select(e => e.Message).ToList();
        Assert.Contains(said, m => m.StartsWith("First start: creating the database", StringComparison.Ordinal));
        Assert.Contains(said, m => m.StartsWith("First start: applying the setup recipe practice-leader.recipe.json", StringComparison.Ordinal));
        var roles = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Roles.Select(r => r.Name!).ToListAsync());
        Assert.Equal(Roles.All.Order(), roles.Order());

        var signIn = await client.SignInWithPasswordAsync(PlatformFactory.AdminEmail, PlatformFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/two-factor/setup", (await client.GetAsync("/admin/modules")).Headers.Location?.OriginalString);

        var setup = await client.GetDocumentAsync("/account/two-factor/setup");
        var key = setup.QuerySelector("#authenticator-key")!.TextContent;
        var enabled = await client.PostFormAsync("/account/two-factor/setup", new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(key) });
        Assert.Equal("/account/two-factor/recovery-codes", enabled.Headers.Location?.OriginalString);

        var modules = await client.GetAsync("/admin/modules");
        Assert.Equal(HttpStatusCode.OK, modules.StatusCode);
    }

    [Fact]
    public async Task The_database_answers_ready_and_live()
    {
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
