using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Accreditation.Web.Cluster;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cluster.Tests;

// A candidate's journey through the cluster proxy, which sends every request to the next node: signing in, enrolling,
// starting evidence and autosaving it cross nodes on every step; one node is killed mid-journey, and the candidate
// stays signed in, finds the autosaved text and finishes on the other node.
public sealed partial class ProcessClusterTests
{
    private const string Password = "harbour thistle copper 17";

    [Fact]
    public async Task A_candidate_keeps_their_sign_in_and_autosaved_text_when_the_node_serving_them_is_killed()
    {
        var window = await WindowAsync();
        var email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        await cluster.Site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var organisation = Guid.NewGuid();
            await People.EnsureOrganisationAsync(sp, organisation);
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test candidate", OrganisationId = organisation };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Candidate)).Succeeded);
        });
        var key = await cluster.Site.EnableTwoFactorAsync(email);

        await using var doomed = await SiteProcess.StartAsync(cluster.OwnDataFolder("doomed-" + Guid.NewGuid().ToString("N")[..6]));
        await using var proxy = await ClusterProxy.StartAsync("http://127.0.0.1:0", [doomed.Address, cluster.B.Address]);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = proxy.Address };

        // Signing in: the form, the password and the code each go to a different node.
        var signIn = await client.SignInWithPasswordAsync(email, Password);
        Assert.Equal(TwoFactor.SignInStepPath, signIn.Headers.Location?.OriginalString.Split('?')[0]);
        var code = await client.PostFormAsync(TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeAt(key, TwoFactor.StepOf(DateTimeOffset.UtcNow)) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.DoesNotContain("/account/sign-in", code.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);

        var (portfolio, item) = await client.StartEvidenceAsync(cluster.Site, window);

        var fields = await client.EvidenceFormAsync(portfolio, item);
        fields["Body"] = "Typed before the node went down: how our team rebuilt supervision.";
        var saved = await client.AutosaveEvidenceAsync(portfolio, item, fields);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.True(proxy.Forwarded[0] > 0 && proxy.Forwarded[1] > 0, $"The journey did not cross nodes: {string.Join("/", proxy.Forwarded)}.");

        await doomed.KillAsync();

        // The next requests reach the surviving node (the first one to the dead node is sent on to it).
        var reopened = await client.EvidenceFormAsync(portfolio, item);
        Assert.Equal("Typed before the node went down: how our team rebuilt supervision.", reopened["Body"]);
        reopened["Body"] += " And typed after it.";
        Assert.Equal(HttpStatusCode.OK, (await client.AutosaveEvidenceAsync(portfolio, item, reopened)).StatusCode);
        Assert.EndsWith("And typed after it.", (await client.EvidenceFormAsync(portfolio, item))["Body"], StringComparison.Ordinal);
    }

    private async Task<Guid> WindowAsync()
    {
        var name = "Cluster window " + Guid.NewGuid().ToString("N")[..6];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var result = await cluster.Site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync($$"""
            { "name": "{{name}}", "steps": [ { "name": "programmes", "programmes": [
              { "name": "{{name}} programme", "framework": "practice-leader",
                "windows": [ { "name": "{{name}}", "opens": "{{today.AddDays(-30):yyyy-MM-dd}}", "closes": "{{today.AddDays(120):yyyy-MM-dd}}", "capacity": 500 } ] } ] } ] }
            """));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return await cluster.Site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Name == name).Select(w => w.Id).SingleAsync());
    }
}
