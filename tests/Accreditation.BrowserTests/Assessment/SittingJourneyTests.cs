using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Assessment;

/// <summary>A candidate sits a short knowledge assessment, closes the browser half-way, comes back, resumes and submits.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SittingJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    [Fact]
    public async Task A_candidate_sits_closes_the_browser_resumes_and_submits()
    {
        var email = $"sitter-{Guid.NewGuid():N}@example.gov.uk";
        var candidateId = await PrepareAsync(email);

        // First visit: start, answer question 1 (saved at once by the page's script), then the browser closes.
        string sittingUrl;
        string firstAnswer;
        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await SignInAsync(watch, email);
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Knowledge assessment" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Knowledge assessment" }).WaitForAsync();
            await watch.CheckAsync("assessment-start");
            await page.GetByRole(AriaRole.Button, new() { Name = "Start the assessment" }).ClickAsync();
            await page.Locator("#answer-form").WaitForAsync();
            sittingUrl = page.Url;
            Assert.Contains("Question 1 of 2", await page.Locator("legend").InnerTextAsync());
            Assert.Matches("minutes? [0-9]+ seconds?", await page.Locator("#countdown-time").InnerTextAsync());
            // Wrong answers on purpose (the options are shuffled, so never "the first one"): a fail, whatever the
            // shuffle, so the page must then give the resit date.
            // The items come in either order.
            firstAnswer = await page.GetByLabel("More paperwork", new() { Exact = true }).CountAsync() > 0 ? "More paperwork" : "Their postcode";
            await page.GetByLabel(firstAnswer, new() { Exact = true }).CheckAsync();
            await page.Locator("#save-status").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Answer saved") }).WaitForAsync(new() { Timeout = 15000 });
            await watch.CheckAsync("assessment-question");
        }

        // The browser was closed without pressing anything; a new one resumes where the candidate was.
        await using (var watch = await PageWatch.OpenAsync(site, output))
        {
            var page = watch.Page;
            await SignInAsync(watch, email);
            await watch.GotoAsync("/assessment");
            await page.GetByRole(AriaRole.Button, new() { Name = "Resume the assessment" }).ClickAsync();
            await page.Locator("#answer-form").WaitForAsync();
            Assert.Equal(sittingUrl, page.Url);
            Assert.True(await page.GetByLabel(firstAnswer, new() { Exact = true }).IsCheckedAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
            await page.Locator("legend", new() { HasTextString = "Question 2 of 2" }).WaitForAsync();
            await page.GetByLabel(firstAnswer == "More paperwork" ? "Their postcode" : "More paperwork", new() { Exact = true }).CheckAsync();
            await page.Locator("#save-status").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Answer saved") }).WaitForAsync(new() { Timeout = 15000 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Review your answers" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Review your answers" }).WaitForAsync();
            Assert.Contains("You have answered every question.", await page.Locator("main").InnerTextAsync());
            await watch.CheckAsync("assessment-review");
            await page.GetByRole(AriaRole.Button, new() { Name = "Submit your answers" }).ClickAsync();
            await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Assessment submitted" }).WaitForAsync();
            await watch.CheckAsync("assessment-submitted");

            // No resit is offered before the blueprint allows one: the page gives the date instead of a button.
            await watch.GotoAsync("/assessment");
            Assert.Contains("You can sit the assessment again from 30 November 2026.", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Start|Resume)") }).CountAsync());
            await watch.CheckAsync("assessment-resit-date");
        }

        var answered = await site.Site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Sitting>()
            .Where(s => s.CandidateId == candidateId).Select(s => s.Status).SingleAsync());
        Assert.Equal(SittingStatus.Submitted, answered);
    }

    private static Task SignInAsync(PageWatch watch, string email) => watch.SignInAsync(email, Accreditation.Testing.People.Password);

    /// <summary>A programme of its own with an open window, two live items in a group of their own, a 2-item blueprint and the candidate enrolled.</summary>
    private async Task<string> PrepareAsync(string email)
    {
        var candidateId = await Accreditation.Testing.People.CreatePersonAsync(site.Site, email, [Roles.Candidate]);
        await site.Site.WithScopeAsync(async sp =>
        {
            var name = "Browser assessment " + Guid.NewGuid().ToString("N")[..8];
            var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync($$"""
                { "name": "browser assessment", "steps": [ { "name": "programmes", "programmes": [
                  { "name": "{{name}}", "framework": "practice-leader",
                    "windows": [ { "name": "Open window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 10 } ] } ] } ] }
                """);
            Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var window = await db.Set<AssessmentWindow>().Include(w => w.Programme).SingleAsync(w => w.Programme!.Name == name);
            var group = "Browser " + name[^8..];
            var items = new[]
            {
                new ItemDraft("BR-1-" + name[^8..], "Single", group, [1], null, null, "Which helps reflective practice most?", ["Regular supervision", "More paperwork", "Fewer visits", "Longer forms"], [1], false, null, "Live"),
                new ItemDraft("BR-2-" + name[^8..], "Single", group, [2], null, null, "What should a practice leader ask families about?", ["Their experience of help", "Their postcode", "Their favourite colour", "Nothing"], [1], false, null, "Live"),
            };
            var saved = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(items, "browser-test", default);
            Assert.True(saved.Succeeded);
            db.Add(new Blueprint { Id = Guid.NewGuid(), ProgrammeId = window.ProgrammeId, Rules = $"{group}=2", TimeLimitMinutes = 30, PassMarkPercent = 50 });
            db.Add(new Enrolment { Id = Guid.NewGuid(), WindowId = window.Id, CandidateId = candidateId, EnrolledAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        });
        return candidateId;
    }
}
