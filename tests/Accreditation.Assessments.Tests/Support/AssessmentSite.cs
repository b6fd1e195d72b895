using System.Net;
using System.Net.Http.Json;
using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Support;

/// <summary>A site from the setup recipe, sign-in rate limits lifted.</summary>
public sealed class AssessmentSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" };
}

/// <summary>A candidate signed in, enrolled in the test window.</summary>
public sealed record Candidate(HttpClient Client, string Email, string UserId, Guid EnrolmentId);

/// <summary>
/// Set-up and steps shared by the tests, on any site: the test programme ("Test programme", window 1 October 2026 to
/// 31 March 2027; the clock starts 2 November 2026), a bank of 9 live items in two groups (General: G1 to G5; Applied:
/// a scenario set S1 of two items, A3 and A4) and a blueprint of 3 General and 2 Applied items, 60 minutes, pass mark 60%.
/// </summary>
public static class AssessmentTesting
{
    /// <summary>Words in every item's rationale: they must never reach a candidate.</summary>
    public const string RationaleMarker = "RATIONALE-NEVER-SHOWN";

    private static readonly SemaphoreSlim Setup = new(1, 1);

    /// <summary>The bank every test site starts with (option numbers from 1).</summary>
    public static IReadOnlyList<ItemDraft> Bank() =>
    [
        Item("G1", "Single", "General", [1], "Which is the first purpose of supervision?", ["Compliance", "Reflection on practice", "Case allocation", "Performance scoring"], [2]),
        Item("G2", "Single", "General", [2], "What most helps practitioners spend time with families?", ["More forms", "Manageable caseloads", "Longer meetings", "Stricter deadlines"], [2]),
        Item("G3", "Multiple", "General", [3, 4], "Which two build a learning culture?", ["Blame", "Reflective supervision", "Learning from mistakes", "Silence"], [2, 3], partial: true),
        Item("G4", "Multiple", "General", [5], "Which two are sources of evidence about practice quality?", ["Audits", "Rumour", "Family feedback", "Guesswork"], [1, 3]),
        Item("G5", "Single", "General", [6], "Who should shape a child's plan first?", ["The child and family", "The IT team", "The auditors", "Nobody"], [1]),
        Item("A1", "Single", "Applied", [5], "What should the practice leader do first?", ["Close the case", "Ask the team what they have seen", "Wait", "Refer to the police"], [2], scenario: "S1"),
        Item("A2", "Multiple", "Applied", [5, 6], "Which two actions follow?", ["Reflective review", "Ignore the school", "Visit the family", "Delay"], [1, 3], scenario: "S1", partial: true),
        Item("A3", "Single", "Applied", [2], "A practitioner is overwhelmed. What helps most?", ["Reduce their caseload and talk", "Warn them", "Add cases", "Nothing"], [1]),
        Item("A4", "Single", "Applied", [4], "A new practitioner joins. What first?", ["A structured induction", "A full caseload", "An audit", "A warning"], [1]),
    ];

    /// <summary>An item draft with the rationale marker.</summary>
    public static ItemDraft Item(string key, string kind, string group, int[] statements, string stem, string[] options, int[] correct, string? scenario = null, bool partial = false, string status = "Live") =>
        new(key, kind, group, statements, scenario, scenario is null ? null : "A school reports that a child seems withdrawn; the team has two open referrals.",
            stem, options, correct, partial, $"{RationaleMarker} because of the statement", status);

    /// <summary>Creates the programme, window, bank and blueprint once per site; returns the programme and window ids.</summary>
    public static async Task<(Guid Programme, Guid Window)> PrepareAsync(this PlatformFactory site, Action<Blueprint>? blueprint = null)
    {
        await Setup.WaitAsync();
        try
        {
            return await site.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<AccreditationDbContext>();
                if (await db.Set<AssessmentWindow>().FirstOrDefaultAsync(w => w.Name == "Test window") is { } existing)
                {
                    return (existing.ProgrammeId, existing.Id);
                }

                var recipe = await sp.GetRequiredService<RecipeRunner>().RunAsync("""
                    { "name": "test window", "steps": [ { "name": "programmes", "programmes": [
                      { "name": "Test programme", "framework": "practice-leader",
                        "windows": [ { "name": "Test window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 500 } ] } ] } ] }
                    """);
                Assert.True(recipe.Succeeded, string.Join("; ", recipe.Errors));
                var window = await db.Set<AssessmentWindow>().SingleAsync(w => w.Name == "Test window");
                var saved = await sp.GetRequiredService<QuestionBank>().SaveAllAsync(Bank(), "test-author", default);
                Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => e.Message)));
                var b = new Blueprint { Id = Guid.NewGuid(), ProgrammeId = window.ProgrammeId, Rules = "General=3;Applied=2", TimeLimitMinutes = 60, PassMarkPercent = 60 };
                blueprint?.Invoke(b);
                db.Add(b);
                await db.SaveChangesAsync();
                return (window.ProgrammeId, window.Id);
            });
        }
        finally
        {
            Setup.Release();
        }
    }

    /// <summary>A new candidate, signed in and enrolled (with an adjustment request when given).</summary>
    public static async Task<Candidate> CandidateAsync(this PlatformFactory site, string? adjustments = null)
    {
        var (_, window) = await site.PrepareAsync();
        var email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        var userId = await site.CreatePersonAsync(email, [Roles.Candidate]);
        var client = await SignInAsync(site, email);
        var response = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = adjustments ?? "" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Candidate(client, email, userId, Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last()));
    }

    /// <summary>A new client signed in as an existing candidate (a second browser).</summary>
    public static async Task<HttpClient> SignInAsync(this PlatformFactory site, string email)
    {
        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>A lead assessor, signed in with two-factor.</summary>
    public static async Task<HttpClient> LeadAsync(this PlatformFactory site)
    {
        var email = $"lead-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.LeadAssessor]);
        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInWithTwoFactorAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>
    /// Starts (or resumes) the sitting from the assessment page; returns the response. When the page offers no start (it
    /// says why instead), the start is posted anyway, as someone replaying an old form would, with a token from another page.
    /// </summary>
    public static async Task<HttpResponseMessage> StartAsync(this HttpClient client, Guid enrolmentId)
    {
        var page = await client.GetAsync("/assessment");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"{(int)page.StatusCode} {page.Headers.Location} {html}");
        var document = Accreditation.Testing.Pages.Parse(html);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]") is IHtmlInputElement input
            ? input.Value
            : (await client.GetDocumentAsync("/account/change-password")).AntiforgeryToken();
        return await client.PostAsync($"/assessment?handler=Start&enrolmentId={enrolmentId}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    /// <summary>Starts the sitting and returns its id.</summary>
    public static async Task<Guid> StartedSittingAsync(this Candidate candidate)
    {
        var response = await candidate.Client.StartAsync(candidate.EnrolmentId);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode} {response.Headers.Location} {await response.Content.ReadAsStringAsync()}");
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[3]);
    }

    /// <summary>
    /// Saves an answer through the page's JSON endpoint (antiforgery token from the question page). The choices are
    /// authored option indexes, sent as the sitting's option values for them (an index with no option is sent as it is).
    /// </summary>
    public static async Task<HttpResponseMessage> SaveAsync(this HttpClient client, Guid sitting, int position, int[] choices, long? changedAt = null, string? token = null)
    {
        token ??= await TokenAsync(client, sitting, position);
        var values = await ValuesAsync(PlatformFactory.SiteOf(client), sitting, position, choices);
        return await client.SaveValuesAsync(sitting, position, values, changedAt, token);
    }

    /// <summary>Saves option values exactly as given (what a page or a forger would post).</summary>
    public static async Task<HttpResponseMessage> SaveValuesAsync(this HttpClient client, Guid sitting, int position, string[] choices, long? changedAt = null, string? token = null)
    {
        token ??= await TokenAsync(client, sitting, position);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/assessment/api/sittings/{sitting}/answers")
        {
            Content = JsonContent.Create(new { position, choices, changedAt }),
        };
        request.Headers.Add("X-CSRF-TOKEN", token);
        return await client.SendAsync(request);
    }

    /// <summary>The sitting's option values for authored option indexes of a question (read as the server stores them).</summary>
    public static async Task<string[]> ValuesAsync(PlatformFactory site, Guid sitting, int position, IEnumerable<int> indexes)
    {
        var row = (await site.RowsAsync(sitting)).FirstOrDefault(r => r.Position == position);
        if (row?.OptionTokens is null)
        {
            return indexes.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }

        var shown = Accreditation.Assessments.Sittings.SittingService.ShownOptions(row.OptionOrder, row.OptionTokens);
        return indexes.Select(i => shown.FirstOrDefault(o => o.Index == i).Token ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>The authored option index of a value the sitting's question shows.</summary>
    public static async Task<int> IndexOfAsync(this PlatformFactory site, Guid sitting, int position, string value)
    {
        var row = (await site.RowsAsync(sitting)).Single(r => r.Position == position);
        return Accreditation.Assessments.Sittings.SittingService.ShownOptions(row.OptionOrder, row.OptionTokens!).Single(o => o.Token == value).Index;
    }

    /// <summary>The antiforgery token of a question page.</summary>
    public static async Task<string> TokenAsync(HttpClient client, Guid sitting, int position = 1) =>
        (await client.GetDocumentAsync($"/assessment/sittings/{sitting}/{position}")).AntiforgeryToken();

    /// <summary>The sitting's rows as stored (position order).</summary>
    public static Task<List<SittingItem>> RowsAsync(this PlatformFactory site, Guid sitting) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<SittingItem>().AsNoTracking()
            .Where(i => i.SittingId == sitting).OrderBy(i => i.Position).ToListAsync());

    /// <summary>The sitting as stored.</summary>
    public static Task<Sitting> SittingAsync(this PlatformFactory site, Guid sitting) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Sitting>().AsNoTracking().SingleAsync(s => s.Id == sitting));

    /// <summary>The item version at a position of a sitting.</summary>
    public static Task<QuestionItem> ItemAtAsync(this PlatformFactory site, Guid sitting, int position) =>
        site.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            return (from i in db.Set<SittingItem>() join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                    where i.SittingId == sitting && i.Position == position select q).AsNoTracking().SingleAsync();
        });

    /// <summary>The option values a question page shows (the sitting's tokens), in order, with their label text.</summary>
    public static IReadOnlyList<(string Value, string Text)> ShownOptions(IHtmlDocument page) =>
        page.QuerySelectorAll("input[name=Choices]").Select(i => (i.GetAttribute("value")!,
            page.QuerySelector($"label[for='{i.Id}']")!.TextContent.Trim())).ToList();
}
