using System.Net;
using Accreditation.Core.Data;
using Accreditation.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Accreditation.IntegrationTests.Security;

/// <summary>A second web node (or the same site after a restart) on another site's database.</summary>
public sealed class SecondNode(PlatformFactory first) : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["AppData:Path"] = first.AppDataPath,
        ["ConnectionStrings:Accreditation"] = first.ConnectionString,
    };
}

/// <summary>
/// Data-protection keys live in the shared database under one application name, so a sign-in made on one node
/// (or before a restart) is accepted by every node, and no key warning is logged.
/// </summary>
public sealed class DataProtectionTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_sign_in_made_on_one_web_node_is_accepted_by_another_node_sharing_the_database()
    {
        var browser = new SharedCookies();
        var https = new Uri("https://localhost/"); // the sign-in cookie is Secure
        var first = site.CreateDefaultClient(https, browser);
        await first.SignInAsAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/modules")).StatusCode);
        var signOutForm = await first.GetDocumentAsync("/account/sign-out");

        await using var node = new SecondNode(site);
        var second = node.CreateDefaultClient(https, new SharedCookies(browser));

        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/admin/modules")).StatusCode);
        // A form served by the first node is accepted by the second: the antiforgery token is protected by the same keys.
        var signOut = await second.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = signOutForm.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var keys = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().DataProtectionKeys.CountAsync());
        Assert.Equal(1, keys);
    }

    [Fact]
    public async Task Keys_are_kept_in_the_database_under_the_platforms_application_name_without_warnings()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var keys = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().DataProtectionKeys.ToListAsync());

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith("<key ", k.Xml, StringComparison.Ordinal));
        Assert.Equal("Accreditation", site.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
        Assert.True(site.ServerProblems.IsEmpty, string.Join("\n", site.ServerProblems));
    }

    /// <summary>A browser's cookie jar in front of a client, shareable between clients of different nodes (a load balancer).</summary>
    private sealed class SharedCookies(SharedCookies? shareWith = null) : DelegatingHandler
    {
        private readonly System.Net.CookieContainer jar = shareWith?.jar ?? new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            var header = jar.GetCookieHeader(uri);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                foreach (var cookie in cookies)
                {
                    jar.SetCookies(uri, cookie);
                }
            }

            return response;
        }
    }
}
