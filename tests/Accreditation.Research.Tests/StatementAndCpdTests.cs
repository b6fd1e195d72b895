using System.Collections.Concurrent;
using System.Net;
using Accreditation.Core.Contracts;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>Research on KSS statement pages and beside a portfolio statement, and "Record as CPD" through <see cref="ICpdDrafts"/>.</summary>
public sealed class StatementAndCpdTests(StatementAndCpdTests.Site site) : IClassFixture<StatementAndCpdTests.Site>
{
    /// <summary>A CPD module stand-in that records the drafts asked for.</summary>
    public sealed class FakeCpdDrafts : ICpdDrafts
    {
        public ConcurrentQueue<(string PersonId, CpdDraftSource Source)> Drafts { get; } = new();

        public Task<string> CreateDraftAsync(string personId, CpdDraftSource source, CancellationToken ct = default)
        {
            Drafts.Enqueue((personId, source));
            return Task.FromResult($"/cpd/records/{Drafts.Count}/edit");
        }
    }

    /// <summary>A site with a CPD drafts service registered, and a few items tagged with practice-leader statements.</summary>
    public sealed class Site : PlatformFactory, IAsyncLifetime
    {
        public FakeCpdDrafts Cpd { get; } = new();

        public Guid Public { get; private set; }

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ICpdDrafts>(Cpd));
        }

        public async Task InitializeAsync()
        {
            _ = Server;
            Public = await this.AddItemAsync("Governance that listens to families", "How senior leaders keep the service accountable to what families say about the help they receive.",
                i => { i.KssStatements = ["PL-1"]; i.Type = ResearchItemType.PracticeGuide; });
            await this.AddItemAsync("Staff briefing on practice governance", "Internal.", i => { i.KssStatements = ["PL-1"]; i.Access = ResearchAccess.Staff; });
            await this.AddItemAsync("Restricted audit of governance", "Restricted.", i => { i.KssStatements = ["PL1"]; i.Access = ResearchAccess.Restricted; });
            await this.AddItemAsync("Workforce planning", "Recruiting and keeping practitioners.", i => i.KssStatements = ["PL-4"]);
            await this.RunIndexWorkerAsync();
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private async Task<(HttpClient Client, string UserId)> CandidateAsync()
    {
        var email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        var id = await site.CreatePersonAsync(email, [Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        return (client, id);
    }

    [Fact]
    public void Statement_codes_are_the_framework_initials_and_the_number()
    {
        Assert.Equal("PL-3", KssCodes.Of("practice-leader", 3));
        Assert.Equal("PS-5", KssCodes.Of("practice-supervisor", 5));
        Assert.Equal("CFP-2", KssCodes.Of("child-and-family-practitioner", 2));
        Assert.Equal(["PL-3", "PL3"], KssCodes.Variants("practice-leader", 3));
    }

    [Fact]
    public async Task A_statement_on_the_framework_page_lists_the_items_tagged_with_it_that_the_viewer_may_see()
    {
        var visitor = await site.CreateClient().GetDocumentAsync("/frameworks/practice-leader");
        var first = visitor.QuerySelector("#statement-1")!;
        var titles = first.QuerySelectorAll(".app-statement-research a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Governance that listens to families"], titles);
        Assert.Equal($"/research/items/{site.Public}", first.QuerySelector(".app-statement-research a")!.GetAttribute("href"));
        Assert.Null(visitor.QuerySelector("#statement-2 .app-statement-research"));
        Assert.Contains("Workforce planning", visitor.QuerySelector("#statement-4")!.TextContent, StringComparison.Ordinal);

        var (client, _) = await CandidateAsync();
        var staff = await client.GetDocumentAsync("/frameworks/practice-leader");
        var staffTitles = staff.QuerySelectorAll("#statement-1 .app-statement-research a").Select(a => a.TextContent).ToList();
        Assert.Contains("Staff briefing on practice governance", staffTitles);
        Assert.DoesNotContain("Restricted audit of governance", staffTitles);
    }

    [Fact]
    public async Task A_portfolio_statement_page_shows_research_for_the_statement_and_research_like_it()
    {
        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "research window", "steps": [ { "name": "programmes", "programmes": [
              { "name": "Research test programme", "framework": "practice-leader",
                "windows": [ { "name": "Research test window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 500 } ] } ] } ] }
            """));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var window = await site.WithScopeAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            sp.GetRequiredService<Core.Data.AccreditationDbContext>().Set<Portfolios.Data.AssessmentWindow>().Where(w => w.Name == "Research test window").Select(w => w.Id)));
        var (client, _) = await CandidateAsync();
        var enrolled = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var portfolio = enrolled.Headers.Location!.OriginalString.Split('/').Last();
        var statements = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<Accreditation.Frameworks.Contracts.IFrameworkCatalog>().GetCurrentAsync("practice-leader"))!.Statements);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/statements/{statements.Single(s => s.Number == 1).Id}");
        var research = page.QuerySelector("#statement-research")!;
        Assert.Contains("Governance that listens to families", research.TextContent, StringComparison.Ordinal);
        Assert.Contains("Staff briefing on practice governance", research.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Restricted audit", research.TextContent, StringComparison.Ordinal);

        // Statement 4 asks about recruiting and keeping practitioners: the library's "Workforce planning" is like it.
        var fourth = await client.GetDocumentAsync($"/portfolio/{portfolio}/statements/{statements.Single(s => s.Number == 4).Id}");
        Assert.Contains("Workforce planning", fourth.QuerySelector("#statement-research")!.TextContent, StringComparison.Ordinal);
        var like = await site.WithScopeAsync(sp => sp.GetRequiredService<IStatementResources>()
            .LikeTextAsync("Families say what help they receive; leaders keep the service accountable", new System.Security.Claims.ClaimsPrincipal(), 5));
        Assert.Contains(like, r => r.Title == "Governance that listens to families");
    }

    [Fact]
    public async Task Record_as_CPD_is_offered_to_signed_in_people_and_creates_a_draft_from_the_item()
    {
        var anonymous = await site.CreateClient().GetDocumentAsync($"/research/items/{site.Public}");
        Assert.Null(anonymous.QuerySelector("#record-as-cpd"));

        var (client, userId) = await CandidateAsync();
        var page = await client.GetDocumentAsync($"/research/items/{site.Public}");
        Assert.NotNull(page.QuerySelector("#record-as-cpd"));
        var posted = await client.PostFormAsync($"/research/items/{site.Public}", new Dictionary<string, string>(), $"/research/items/{site.Public}?handler=Cpd");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Matches("^/cpd/records/[0-9]+/edit$", posted.Headers.Location!.OriginalString);
        var (personId, source) = site.Cpd.Drafts.Single(d => d.PersonId == userId);
        Assert.Equal("Governance that listens to families", source.Title);
        Assert.Equal($"/research/items/{site.Public}", source.Link);
        Assert.Equal(["PL-1"], source.StatementCodes);
        Assert.Equal("research", source.SourceKind);
        Assert.Equal(site.Public.ToString(), source.SourceId);
        Assert.StartsWith("How senior leaders", source.Summary, StringComparison.Ordinal);

        var before = site.Cpd.Drafts.Count;
        var anonymousPost = await site.CreateClient().PostAsync($"/research/items/{site.Public}?handler=Cpd", new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.Redirect, anonymousPost.StatusCode);
        Assert.Equal(before, site.Cpd.Drafts.Count);
    }
}
