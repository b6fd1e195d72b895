using System.Net;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Modules;

/// <summary>The admin Modules page: lists the modules, switches them off and on, and a disabled module's pages answer 404.</summary>
public sealed class ModulesPageTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private static Dictionary<string, string> Id(string id) => new() { ["id"] = id };

    [Fact]
    public async Task The_page_lists_each_module_with_its_description_dependencies_and_state()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var page = await client.GetDocumentAsync("/admin/modules");

        var rows = page.QuerySelectorAll("tbody tr");
        // Other modules list Identity among their dependencies: find its own row by its description.
        var identity = Assert.Single(rows, r => r.TextContent.Contains(Identity.Manifest.Value.Description, StringComparison.Ordinal));
        var cells = identity.QuerySelectorAll("td");
        Assert.Contains("Identity", cells[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(Identity.Manifest.Value.Description, cells[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("None", cells[1].TextContent.Trim());
        Assert.Equal("Enabled", cells[2].TextContent.Trim());
        Assert.DoesNotContain("Disable", cells[3].TextContent, StringComparison.Ordinal); // always on

        var frameworks = Assert.Single(rows, r => r.QuerySelector("td .app-meta")?.TextContent.Trim() == Frameworks.Manifest.Id).QuerySelectorAll("td");
        Assert.Contains(Frameworks.Manifest.Value.Description, frameworks[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Enabled", frameworks[2].TextContent.Trim());
        Assert.Contains("Disable", frameworks[3].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_modules_pages_answer_404_until_it_is_enabled_again()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/research")).StatusCode);

        var disabled = await client.PostFormAsync("/admin/modules", Id(Research.Manifest.Id), "/admin/modules?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        var listing = await client.GetDocumentAsync("/admin/modules");
        Assert.Contains($"{Research.Manifest.Value.Name} is disabled.", listing.QuerySelector(".govuk-notification-banner")?.TextContent, StringComparison.Ordinal);
        var gone = await client.GetAsync("/admin/research");
        var goneForVisitors = await site.CreateBrowserLikeClient().GetAsync("/research");

        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("Page not found", Pages.Parse(await gone.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, goneForVisitors.StatusCode);
        Assert.DoesNotContain("/admin/research", (await client.GetStringAsync("/admin")), StringComparison.Ordinal);

        var enabled = await client.PostFormAsync("/admin/modules", Id(Research.Manifest.Id), "/admin/modules?handler=Enable");
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/research")).StatusCode);
        Assert.True(site.Services.GetRequiredService<ModuleState>().IsEnabled(Research.Manifest.Id));
    }

    [Fact]
    public async Task The_module_people_sign_in_through_cannot_be_disabled()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.PostFormAsync("/admin/modules", Id(Identity.Manifest.Id), "/admin/modules?handler=Disable");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Identity cannot be disabled", page.QuerySelector(".govuk-error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.True(site.Services.GetRequiredService<ModuleState>().IsEnabled(Identity.Manifest.Id));
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().GetAsync("/account/sign-in")).StatusCode);
    }

    [Fact]
    public async Task A_change_the_host_cannot_make_is_refused_with_a_message_on_the_page_not_an_error()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.PostFormAsync("/admin/modules", Id("Accreditation.NoSuchModule"), "/admin/modules?handler=Disable");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Module Accreditation.NoSuchModule is not part of this host.", page.QuerySelector(".govuk-error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.All(page.QuerySelectorAll("tbody tr"), row => Assert.Equal("Enabled", row.QuerySelectorAll("td")[2].TextContent.Trim()));
    }

    [Fact]
    public async Task Only_platform_admins_may_open_or_use_the_page()
    {
        const string email = "candidate@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        var token = (await client.GetDocumentAsync("/account/sign-out")).AntiforgeryToken();

        var look = await client.GetAsync("/admin/modules");
        var change = await client.PostAsync("/admin/modules?handler=Disable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = Identity.Manifest.Id,
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal("/account/access-denied", look.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", change.Headers.Location?.AbsolutePath);
        Assert.True(site.Services.GetRequiredService<ModuleState>().IsEnabled(Identity.Manifest.Id));
    }
}
