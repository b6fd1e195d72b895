using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Accreditation.Web.Cluster;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Accreditation.Cluster.Tests;

// The same journey in a real browser, as a candidate makes it: the proxy sends every request (pages, scripts, the
// page's autosaves and answer saves) to the next node. Half-way, after text was autosaved and a first answer saved,
// the node that served half of it is killed; the candidate stays signed in, finds their text and their answer, and
// finishes the assessment on the other node.
public sealed partial class ProcessClusterTests
{
    [Fact]
    public async Task A_candidate_in_a_browser_finishes_evidence_and_an_assessment_when_a_node_is_killed_mid_journey()
    {
        var email = $"browser-{Guid.NewGuid():N}@example.gov.uk";
        var (candidate, programme, window) = await AssessmentWindowAsync(email);
        var key = await cluster.Site.EnableTwoFactorAsync(email);

        await using var doomed = await SiteProcess.StartAsync(cluster.OwnDataFolder("doomed-" + Guid.NewGuid().ToString("N")[..6]));
        await using var proxy = await ClusterProxy.StartAsync("http://127.0.0.1:0", [doomed.Address, cluster.B.Address]);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = proxy.Address.ToString(), Locale = "en-GB" });
        // Two site processes, a proxy and a browser share two cores here: a page that loads its scripts and styles through
        // the proxy from a node that has just started can take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        var failures = new ConcurrentQueue<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                failures.Enqueue($"{response.Status} for {response.Request.Method} {response.Url}");
            }
        };

        // Signing in: the form, the password and the code cross nodes.
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(People.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in/two-factor**");
        await page.GetByLabel("Code").FillAsync(TwoFactor.CodeAt(key, TwoFactor.StepOf(DateTimeOffset.UtcNow)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });

        // Evidence, autosaved by the page's script.
        await page.GotoAsync("/portfolio");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Enrol in {programme}: {window}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol" }).ClickAsync();
        await page.Locator("#statements a").First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Write a reflective account" }).ClickAsync();
        var itemUrl = page.Url;
        const string typed = "Typed before the node went down: how our team rebuilt supervision with families.";
        await page.GetByLabel("Title").FillAsync("Rebuilding supervision");
        await page.GetByLabel("Your reflective account").FillAsync(typed);
        await page.Locator("#autosave-status").Filter(new() { HasTextRegex = new Regex("Draft saved") }).WaitForAsync(new() { Timeout = 45_000 });

        // A first answer, saved by the page's script.
        await page.GotoAsync("/assessment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the assessment" }).ClickAsync();
        await page.Locator("#answer-form").WaitForAsync();
        var sittingUrl = page.Url;
        var first = await page.GetByLabel("Fewer visits", new() { Exact = true }).CountAsync() > 0 ? "Fewer visits" : "Their postcode";
        await page.GetByLabel(first, new() { Exact = true }).CheckAsync();
        await page.Locator("#save-status").Filter(new() { HasTextRegex = new Regex("Answer saved") }).WaitForAsync(new() { Timeout = 45_000 });
        Assert.True(proxy.Forwarded[0] > 0 && proxy.Forwarded[1] > 0, $"The journey did not cross nodes: {string.Join("/", proxy.Forwarded)}.");

        await doomed.KillAsync();

        // Still signed in on the surviving node, with the text and the answer there.
        await page.GotoAsync(itemUrl);
        Assert.Equal(itemUrl, page.Url);
        Assert.Equal(typed, await page.GetByLabel("Your reflective account").InputValueAsync());
        await page.GetByLabel("Your reflective account").FillAsync(typed + " And typed after it.");
        await page.Locator("#autosave-status").Filter(new() { HasTextRegex = new Regex("Draft saved") }).WaitForAsync(new() { Timeout = 45_000 });

        await page.GotoAsync("/assessment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume the assessment" }).ClickAsync();
        await page.Locator("#answer-form").WaitForAsync();
        Assert.Equal(sittingUrl, page.Url);
        Assert.True(await page.GetByLabel(first, new() { Exact = true }).IsCheckedAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await page.Locator("legend", new() { HasTextString = "Question 2 of 2" }).WaitForAsync();
        await page.GetByLabel(first == "Fewer visits" ? "Their postcode" : "Fewer visits", new() { Exact = true }).CheckAsync();
        await page.Locator("#save-status").Filter(new() { HasTextRegex = new Regex("Answer saved") }).WaitForAsync(new() { Timeout = 45_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Review your answers" }).ClickAsync();
        Assert.Contains("You have answered every question.", await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit your answers" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Assessment submitted" }).WaitForAsync();

        Assert.Empty(failures);
        var stored = await cluster.Site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var status = await db.Set<Sitting>().Where(s => s.CandidateId == candidate).Select(s => s.Status).SingleAsync();
            var body = await db.Set<EvidenceItem>().Where(i => db.Set<Enrolment>().Any(e => e.Id == i.EnrolmentId && e.CandidateId == candidate)).Select(i => i.Body).SingleAsync();
            return (status, body);
        });
        Assert.Equal(SittingStatus.Submitted, stored.status);
        Assert.Equal(typed + " And typed after it.", stored.body);
    }

    /// <summary>A candidate, a programme of their own with an open window, and a two-question assessment for it.</summary>
    private async Task<(string Candidate, string Programme, string Window)> AssessmentWindowAsync(string email)
    {
        var candidate = await cluster.Site.CreatePersonAsync(email, [Roles.Candidate]);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var programme = "Cluster programme " + suffix;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await cluster.Site.WithScopeAsync(async sp =>
        {
            var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync($$"""
                { "name": "cluster assessment", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "{{programme}}", "framework": "practice-leader",
                    "windows": [ { "name": "Open window", "opens": "{{today.AddDays(-30):yyyy-MM-dd}}", "closes": "{{today.AddDays(120):yyyy-MM-dd}}", "capacity": 10 } ] } ] } ] }
                """);
            Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var programmeId = await db.Set<AssessmentWindow>().Where(w => w.Programme!.Name == programme).Select(w => w.ProgrammeId).SingleAsync();
            var group = "Cluster " + suffix;
            var items = new[]
            {
                new ItemDraft("CL-1-" + suffix, "Single", group, [1], null, null, "Which helps reflective practice most?", ["Regular supervision", "Fewer visits", "More forms", "Longer meetings"], [1], false, null, "Live"),
                new ItemDraft("CL-2-" + suffix, "Single", group, [2], null, null, "What should a practice leader ask families about?", ["Their experience of help", "Their postcode", "Their favourite colour", "Nothing"], [1], false, null, "Live"),
            };
            Assert.True((await sp.GetRequiredService<QuestionBank>().SaveAllAsync(items, "cluster-test", default)).Succeeded);
            db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = programmeId, Rules = $"{group}=2", TimeLimitMinutes = 30, PassMarkPercent = 50 });
            await db.SaveChangesAsync();
        });
        return (candidate, programme, "Open window");
    }
}
