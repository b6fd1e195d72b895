using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Accounts;

/// <summary>Deactivated people cannot sign in, and a session they already have ends.</summary>
public sealed class DeactivatedAccountTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_deactivated_person_cannot_sign_in_even_with_the_right_password()
    {
        const string email = "left-the-authority@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.PlatformAdmin], p => p.IsActive = false);
        var client = site.CreateBrowserLikeClient();

        var response = await client.SignInAsync(email, People.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Enter a correct email address and password", page.QuerySelector("#Email-error")?.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("accreditation.auth=", StringComparison.Ordinal));
        Assert.Equal("/account/sign-in", (await client.GetAsync("/admin/modules")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task A_session_ends_at_its_next_check_once_the_person_is_deactivated()
    {
        const string email = "deactivated-while-signed-in@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.PlatformAdmin]);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInWithTwoFactorAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/modules")).StatusCode);

        await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            user.IsActive = false;
            await users.UpdateAsync(user);
        });
        site.Clock.Advance(TimeSpan.FromMinutes(6)); // past the five-minute security stamp check

        var response = await client.GetAsync("/admin/modules");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in", response.Headers.Location?.AbsolutePath);
    }
}
