using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Accounts;

/// <summary>A site started without a configured admin password: the first admin gets a generated one-time password.</summary>
public sealed class SiteWithAGeneratedAdminPassword : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Setup:AdminPassword"] = "" };
}

/// <summary>Someone holding a one-time password is sent to change it from every page until they have.</summary>
public sealed class MustChangePasswordTests(SiteWithAGeneratedAdminPassword site) : IClassFixture<SiteWithAGeneratedAdminPassword>
{
    private const string OneTimePassword = "printed once on the console";

    /// <summary>
    /// The generated password is printed to the console only; the test gives the admin a known one-time password
    /// instead, leaving the must-change mark as the first start set it.
    /// </summary>
    private async Task<HttpClient> SignedInFirstAdminAsync()
    {
        await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var admin = (await users.FindByEmailAsync(PlatformFactory.AdminEmail))!;
            Assert.True(admin.MustChangePassword, "the first admin with a generated password must change it");
            await users.RemovePasswordAsync(admin);
            Assert.True((await users.AddPasswordAsync(admin, OneTimePassword)).Succeeded);
        });
        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInAsync(PlatformFactory.AdminEmail, OneTimePassword);
        Assert.Equal("/account/change-password", signIn.Headers.Location?.OriginalString);
        return client;
    }

    [Fact]
    public async Task Until_the_one_time_password_is_changed_every_page_sends_the_person_to_change_it()
    {
        var client = await SignedInFirstAdminAsync();

        foreach (var url in new[] { "/", "/admin", "/admin/modules", "/no-such-page" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/change-password", response.Headers.Location?.OriginalString);
        }

        var post = await client.PostAsync("/admin/modules?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = "Accreditation.Identity" }));
        Assert.Equal("/account/change-password", post.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_change_password_page_styles_scripts_and_sign_out_still_work_before_the_change()
    {
        var client = await SignedInFirstAdminAsync();

        var form = await client.GetDocumentAsync("/account/change-password");
        Assert.Equal("Change your password", form.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("one-time password", form.QuerySelector(".govuk-inset-text")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_content/Accreditation.Theme/js/init.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-out")).StatusCode);

        var signOut = await client.PostFormAsync("/account/sign-out", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/", signOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal("/account/sign-in", (await client.GetAsync("/admin/modules")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task After_changing_the_password_every_page_opens_normally()
    {
        const string email = "new-admin@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.PlatformAdmin], p => p.MustChangePassword = true, password: OneTimePassword);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal("/account/change-password", (await client.SignInWithTwoFactorAsync(email, OneTimePassword)).Headers.Location?.OriginalString);
        Assert.Equal("/account/change-password", (await client.GetAsync("/admin/modules")).Headers.Location?.OriginalString);

        var changed = await client.PostFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = OneTimePassword,
            ["NewPassword"] = "kingfisher pebble harbour",
            ["ConfirmPassword"] = "kingfisher pebble harbour",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/modules")).StatusCode);
        var person = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email));
        Assert.False(person!.MustChangePassword);
    }
}
