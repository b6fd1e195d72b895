using System.Net;
using Accreditation.Core.Modules;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Security;

/// <summary>A form posted without its antiforgery token is refused with 400 and the error page, never a 500.</summary>
public sealed class AntiforgeryTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Signing_in_without_the_antiforgery_token_is_refused_with_the_bad_request_page()
    {
        var client = site.CreateBrowserLikeClient();
        await client.GetAsync("/account/sign-in"); // the antiforgery cookie, but no token in the form

        var response = await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = PlatformFactory.AdminEmail,
            ["Password"] = PlatformFactory.AdminPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Sorry, we could not process that request", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("accreditation.auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/modules")).StatusCode);
    }

    [Fact]
    public async Task An_admin_form_posted_without_the_antiforgery_token_changes_nothing()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.PostAsync("/admin/modules?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = Identity.Manifest.Id,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Sorry, we could not process that request", page.QuerySelector("h1")?.TextContent.Trim());
        var state = site.Services.GetRequiredService<ModuleState>();
        state.Reset();
        Assert.True(state.IsEnabled(Identity.Manifest.Id));
    }

    [Fact]
    public async Task A_token_from_another_persons_session_is_refused()
    {
        var visitor = site.CreateBrowserLikeClient();
        var foreignToken = (await visitor.GetDocumentAsync("/account/sign-in")).AntiforgeryToken();
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();

        var response = await admin.PostAsync("/admin/modules?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = Identity.Manifest.Id,
            ["__RequestVerificationToken"] = foreignToken,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
