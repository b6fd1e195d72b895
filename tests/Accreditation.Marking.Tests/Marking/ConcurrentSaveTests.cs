using System.Net;
using System.Text.Json;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Marking.Tests.Marking;

/// <summary>Two saves of one marking from forms loaded at the same time: the later one gets 409 with a clear message, and nothing typed is lost.</summary>
public sealed class ConcurrentSaveTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    private async Task<(Guid CaseId, HttpClient TabA, HttpClient TabB)> TwoTabsAsync()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        var marking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        return (marking.CaseId, await site.SignedInAsIdAsync(marking.AssessorId), await site.SignedInAsIdAsync(marking.AssessorId));
    }

    [Fact]
    public async Task The_later_of_two_saves_gets_409_keeps_its_text_on_the_page_and_saves_on_the_next_try()
    {
        var (caseId, tabA, tabB) = await TwoTabsAsync();
        var url = $"/marking/cases/{caseId}";
        var formA = MarkingSite.FormFields(await tabA.GetDocumentAsync(url), [2], "Tab A feedback", "Tab A overall");
        var formB = MarkingSite.FormFields(await tabB.GetDocumentAsync(url), [3], "Tab B feedback that must not be lost", "Tab B overall that must not be lost");

        var first = await tabA.PostAsync(url, new FormUrlEncodedContent(formA));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await tabB.PostAsync(url, new FormUrlEncodedContent(formB));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = Accreditation.Testing.Pages.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved this marking after you opened it", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        // Tab B's text is still in its form, and tab A's saved version is shown beside it.
        Assert.Equal("Tab B overall that must not be lost", page.QuerySelector("textarea#OverallComment")!.TextContent);
        Assert.Contains("Tab B feedback that must not be lost (statement 1)", page.QuerySelector("textarea#Marks_0__Comment")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Tab A overall", page.QuerySelector("#saved-overall")!.TextContent.Trim());
        var saved = await site.CaseOfAsync(await CaseSubmissionAsync(caseId));
        Assert.Equal("Tab A overall", saved.Markings.Single(m => m.Role == MarkingRole.First).OverallComment);

        // Saving again from the page that reported the conflict (it carries the new row version) keeps tab B's text.
        var retry = MarkingSite.FormFields(page, [3], "Tab B feedback that must not be lost", "Tab B overall that must not be lost");
        var again = await tabB.PostAsync(url, new FormUrlEncodedContent(retry));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        saved = await site.CaseOfAsync(await CaseSubmissionAsync(caseId));
        Assert.Equal("Tab B overall that must not be lost", saved.Markings.Single(m => m.Role == MarkingRole.First).OverallComment);
    }

    [Fact]
    public async Task A_stale_autosave_gets_409_json_with_the_message_and_the_text_it_could_not_save()
    {
        var (caseId, tabA, tabB) = await TwoTabsAsync();
        var url = $"/marking/cases/{caseId}";
        var formA = MarkingSite.FormFields(await tabA.GetDocumentAsync(url), [2], "Autosaved in A", "A");
        var formB = MarkingSite.FormFields(await tabB.GetDocumentAsync(url), [1], "Typed in B", "B's overall comment");

        var saved = await tabA.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(formA));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var stale = await tabB.PostAsync(url + "?handler=Autosave", new FormUrlEncodedContent(formB));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var json = JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Someone else saved this marking", json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("B's overall comment", json.GetProperty("unsaved").GetProperty("overallComment").GetString());
        Assert.Equal("Typed in B (statement 1)", json.GetProperty("unsaved").GetProperty("marks")[0].GetProperty("comment").GetString());
    }

    private Task<Guid> CaseSubmissionAsync(Guid caseId) =>
        site.WithScopeAsync(async sp => (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>(sp).Set<MarkingCase>(), c => c.Id == caseId)).SubmissionId);
}
