using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Programmes;

/// <summary>Admins run programmes and windows; candidates enrol in open windows with places, or are nominated.</summary>
public sealed class ProgrammeTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task The_setup_recipe_creates_the_programmes_and_the_admin_adds_an_open_window()
    {
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var list = await admin.GetDocumentAsync("/admin/programmes");
        var practiceLeader = list.QuerySelectorAll("#programmes a").Single(a => a.TextContent == "Practice leader accreditation").GetAttribute("href")!;

        var empty = await admin.PostFormAsync(practiceLeader, new Dictionary<string, string> { ["Opens[0]"] = "31", ["Opens[1]"] = "2", ["Opens[2]"] = "2027", ["Capacity"] = "none" });
        var errors = (await empty.ReadPageAsync()).ErrorSummary();
        Assert.Contains("Enter a name for the window", errors);
        Assert.Contains("The opening date must be a real date, like 27 3 2027", errors);
        Assert.Contains("Enter the closing date", errors);
        Assert.Contains("Enter the number of places as a whole number from 1 to 100,000", errors);

        var added = await admin.PostFormAsync(practiceLeader, new Dictionary<string, string>
        {
            ["Name"] = "Autumn 2026",
            ["Opens[0]"] = "1",
            ["Opens[1]"] = "11",
            ["Opens[2]"] = "2026",
            ["Closes[0]"] = "30",
            ["Closes[1]"] = "11",
            ["Closes[2]"] = "2026",
            ["Capacity"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await admin.GetDocumentAsync(practiceLeader);
        var row = page.QuerySelectorAll("#windows tbody tr").Single(r => r.TextContent.Contains("Autumn 2026", StringComparison.Ordinal));
        Assert.Contains("Open", row.TextContent, StringComparison.Ordinal);

        var candidate = await site.PersonAsync(Roles.Candidate);
        var open = await candidate.GetDocumentAsync("/portfolio");
        Assert.Contains(open.QuerySelectorAll("main table a"), a => a.TextContent.Contains("Practice leader accreditation: Autumn 2026", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_platform_admin_sets_how_long_accreditation_stays_valid_and_whether_renewal_needs_cpd()
    {
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var list = await admin.GetDocumentAsync("/admin/programmes");
        var url = list.QuerySelectorAll("#programmes a").Single(a => a.TextContent == "Practice leader accreditation").GetAttribute("href")!;
        var form = await admin.GetDocumentAsync(url);
        var version = form.QuerySelector("#renewal-form input[name=RowVersion]")!.GetAttribute("value")!;

        var bad = await admin.PostFormAsync(url, new Dictionary<string, string> { ["ValidYears"] = "three", ["RowVersion"] = version }, $"{url}?handler=Renewal");
        Assert.Contains("Enter the number of years as a whole number from 0 to 20 (0 if it does not lapse)", (await bad.ReadPageAsync()).ErrorSummary());

        var saved = await admin.PostFormAsync(url, new Dictionary<string, string> { ["ValidYears"] = "5", ["RenewalRequiresCpd"] = "true", ["RowVersion"] = version }, $"{url}?handler=Renewal");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = Guid.Parse(url.Split('/').Last());
        var programme = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Programme>().AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(5, programme.AccreditationValidYears);
        Assert.True(programme.RenewalRequiresCpd);
        var page = await admin.GetDocumentAsync(url);
        Assert.Equal("5", page.QuerySelector("#ValidYears")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#RenewalRequiresCpd")!.GetAttribute("checked"));

        var stale = await admin.PostFormAsync(url, new Dictionary<string, string> { ["ValidYears"] = "0", ["RowVersion"] = version }, $"{url}?handler=Renewal");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(5, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Programme>().Where(p => p.Id == id).Select(p => p.AccreditationValidYears).SingleAsync()));
    }

    [Fact]
    public async Task A_full_window_refuses_enrolment_with_a_message()
    {
        var windowId = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var programme = await db.Set<Programme>().SingleAsync(p => p.Name == "Practice supervisor accreditation");
            var window = new AssessmentWindow { Id = Guid.NewGuid(), ProgrammeId = programme.Id, Name = "One place", OpensOn = new DateOnly(2026, 10, 1), ClosesOn = new DateOnly(2026, 12, 31), Capacity = 1 };
            db.Add(window);
            await db.SaveChangesAsync();
            return window.Id;
        });
        var first = await site.PersonAsync(Roles.Candidate);
        var second = await site.PersonAsync(Roles.Candidate);

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync($"/portfolio/enrol/{windowId}", new Dictionary<string, string>())).StatusCode);
        var full = await second.PostFormAsync($"/portfolio/enrol/{windowId}", new Dictionary<string, string>());
        var twice = await first.PostFormAsync($"/portfolio/enrol/{windowId}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Contains("One place is full. Choose another window", (await full.ReadPageAsync()).ErrorSummary());
        Assert.Contains("You are already enrolled in One place", (await twice.ReadPageAsync()).ErrorSummary());
        Assert.Equal(1, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().CountAsync(e => e.WindowId == windowId)));
    }

    [Fact]
    public async Task An_organisation_admin_nominates_only_candidates_of_their_own_organisation()
    {
        var organisation = Guid.NewGuid();
        var window = await site.WindowAsync();
        var admin = await site.PersonAsync(Roles.OrganisationAdmin, organisation);
        var ours = $"ours-{Guid.NewGuid():N}@example.gov.uk";
        var theirs = $"theirs-{Guid.NewGuid():N}@example.gov.uk";
        await site.PersonAsync(Roles.Candidate, organisation, ours);
        await site.PersonAsync(Roles.Candidate, Guid.NewGuid(), theirs);

        var refused = await admin.PostFormAsync("/organisation/portfolios", new Dictionary<string, string> { ["CandidateEmail"] = theirs, ["WindowId"] = window.ToString() });
        var nominated = await admin.PostFormAsync("/organisation/portfolios", new Dictionary<string, string> { ["CandidateEmail"] = ours, ["WindowId"] = window.ToString() });

        Assert.Contains("There is no candidate with that email address in your organisation", (await refused.ReadPageAsync()).ErrorSummary());
        Assert.Equal(HttpStatusCode.Redirect, nominated.StatusCode);
        var enrolment = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().SingleAsync(e => e.OrganisationId == organisation));
        Assert.NotNull(enrolment.NominatedById);
        var page = await admin.GetDocumentAsync("/organisation/portfolios");
        Assert.Contains("(nominated)", page.QuerySelector("#candidates tbody")!.TextContent, StringComparison.Ordinal);
        var candidate = await site.SignedInAsync(ours);
        Assert.Equal(HttpStatusCode.OK, (await candidate.GetAsync($"/portfolio/{enrolment.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_programmes_step_is_idempotent_and_refuses_an_unknown_framework()
    {
        const string Recipe = """
            { "name": "programme step", "steps": [ { "name": "programmes", "programmes": [
              { "name": "Step programme", "framework": "child-and-family-practitioner",
                "windows": [ { "name": "Spring 2027", "opens": "2027-03-01", "closes": "2027-05-31", "capacity": 50 } ] } ] } ] }
            """;
        var run = () => site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(Recipe));
        Assert.True((await run()).Succeeded);
        var after = await site.PortfolioTablesAsync();
        Assert.True((await run()).Succeeded);
        Assert.Empty(DatabaseSnapshot.Differences(after, await site.PortfolioTablesAsync()));

        var unknown = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "bad programme", "steps": [ { "name": "programmes", "programmes": [ { "name": "Nowhere", "framework": "no-such-framework" } ] } ] }
            """));
        var error = Assert.Single(unknown.Errors);
        Assert.Equal("$.steps[0].programmes[0].framework", error.Path);
        Assert.Contains("no published framework 'no-such-framework'", error.Message, StringComparison.Ordinal);

        var backwards = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "bad window", "steps": [ { "name": "programmes", "programmes": [ { "name": "Backwards", "framework": "practice-leader",
              "windows": [ { "name": "W", "opens": "2027-05-01", "closes": "2027-04-01", "capacity": 0 } ] } ] } ] }
            """));
        Assert.Equal(["$.steps[0].programmes[0].windows[0].capacity", "$.steps[0].programmes[0].windows[0].closes"], backwards.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Candidates_see_your_portfolio_in_the_navigation_and_admins_see_programmes_in_the_admin_menu()
    {
        var candidate = await site.PersonAsync(Roles.Candidate);
        var home = await candidate.GetDocumentAsync("/");
        Assert.Contains(home.QuerySelectorAll(".govuk-service-navigation__link"), a => a.GetAttribute("href") == "/portfolio" && a.TextContent.Trim() == "Your portfolio");

        var assessor = await site.PersonAsync(Roles.Assessor);
        Assert.DoesNotContain((await assessor.GetDocumentAsync("/")).QuerySelectorAll(".govuk-service-navigation__link"), a => a.GetAttribute("href") == "/portfolio");

        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        Assert.Contains((await admin.GetDocumentAsync("/admin")).QuerySelectorAll("main a"), a => a.GetAttribute("href") == "/admin/programmes");
    }
}
