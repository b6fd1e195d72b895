using System.Collections.Concurrent;
using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>The site with a module that listens for deactivations (as the OpenID Connect server does, to revoke tokens).</summary>
public sealed class SiteWithADeactivationListener : PeopleSite
{
    /// <summary>The ids of the people deactivated, as the listener heard them.</summary>
    public ConcurrentQueue<string> Deactivated { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IPersonDeactivated>(new Listener(Deactivated)));
    }

    private sealed class Listener(ConcurrentQueue<string> heard) : IPersonDeactivated
    {
        public Task PersonDeactivatedAsync(string userId, CancellationToken ct)
        {
            heard.Enqueue(userId);
            return Task.CompletedTask;
        }
    }
}

/// <summary>Deactivating a person ends their sessions within five minutes and tells every module that listens.</summary>
public sealed class DeactivationTests(SiteWithADeactivationListener site) : IClassFixture<SiteWithADeactivationListener>
{
    [Fact]
    public async Task Deactivating_a_person_ends_their_session_within_five_minutes_and_tells_the_listening_modules()
    {
        const string email = "leaving@york.example.gov.uk";
        var york = await site.OrganisationAsync("E06000014", "York", EnglishRegion.YorkshireAndTheHumber);
        var id = await site.PersonAsync(email, york, Roles.Candidate);
        var browser = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(email, Testing.People.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
        var admin = await site.AdminAsync();
        var stamp = (await site.FindAsync(email))!.SecurityStamp;

        var response = await admin.PostFieldsAsync($"/admin/people/{id}/deactivate", [new("ConcurrencyStamp", (await site.FindAsync(email))!.ConcurrencyStamp!)]);

        Assert.Equal($"/admin/people/{id}", response.Headers.Location?.OriginalString);
        var stored = await site.FindAsync(email);
        Assert.False(stored!.IsActive);
        Assert.NotEqual(stamp, stored.SecurityStamp);
        Assert.Equal([id], site.Deactivated);

        site.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var next = await browser.GetAsync("/account");

        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal("/account/sign-in", next.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().SignInAsync(email, Testing.People.Password)).StatusCode); // refused
        Assert.Equal(email, Assert.Single(await site.AuditAsync("user.deactivated", id)).Details);
    }

    [Fact]
    public async Task A_reactivated_person_can_sign_in_again()
    {
        const string email = "returning@york.example.gov.uk";
        var york = await site.OrganisationAsync("E06000014", "York", EnglishRegion.YorkshireAndTheHumber);
        var id = await site.PersonAsync(email, york, Roles.Candidate);
        var admin = await site.AdminAsync();
        await admin.PostFieldsAsync($"/admin/people/{id}/deactivate", [new("ConcurrencyStamp", (await site.FindAsync(email))!.ConcurrencyStamp!)]);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().SignInAsync(email, Testing.People.Password)).StatusCode);

        var response = await admin.PostFieldsAsync($"/admin/people/{id}", [new("ConcurrencyStamp", (await site.FindAsync(email))!.ConcurrencyStamp!)], $"/admin/people/{id}?handler=Reactivate");

        Assert.Equal($"/admin/people/{id}", response.Headers.Location?.OriginalString);
        Assert.True((await site.FindAsync(email))!.IsActive);
        Assert.Equal(HttpStatusCode.Redirect, (await site.CreateBrowserLikeClient().SignInAsync(email, Testing.People.Password)).StatusCode);
        Assert.Single(await site.AuditAsync("user.reactivated", id));
    }

    [Fact]
    public async Task An_admin_cannot_deactivate_themselves()
    {
        var admin = await site.AdminAsync();
        var me = await site.FindAsync(PlatformFactory.AdminEmail);

        var page = await admin.GetDocumentAsync($"/admin/people/{me!.Id}");
        var post = await admin.PostFieldsAsync("/account/sign-out", [new("ConcurrencyStamp", me.ConcurrencyStamp!)], $"/admin/people/{me.Id}/deactivate");

        Assert.Contains("This is your own account", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/access-denied", post.Headers.Location?.AbsolutePath);
        Assert.True((await site.FindAsync(PlatformFactory.AdminEmail))!.IsActive);
    }
}
