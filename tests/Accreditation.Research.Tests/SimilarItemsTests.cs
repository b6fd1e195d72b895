using System.Net;
using System.Text.Json;
using Accreditation.Core.Security;
using Accreditation.Research.Library;
using Accreditation.Testing;

namespace Accreditation.Research.Tests;

/// <summary>
/// "More like this" over the API: an item the caller may not see (restricted, staff only, unpublished) answers exactly as
/// a missing one, and a similar list never holds an item the caller may not see.
/// </summary>
public sealed class SimilarItemsTests(SimilarItemsTests.Library site) : IClassFixture<SimilarItemsTests.Library>
{
    /// <summary>A library of look-alike items of every access, indexed once for the class.</summary>
    public sealed class Library : PlatformFactory, IAsyncLifetime
    {
        public Guid Public { get; private set; }

        public Guid OtherPublic { get; private set; }

        public Guid Staff { get; private set; }

        public Guid Restricted { get; private set; }

        public Guid Unpublished { get; private set; }

        public async Task InitializeAsync()
        {
            _ = Server;
            const string text = "Evaluation of child exploitation services: contextual safeguarding, exploitation risk and the services that respond.";
            Public = await this.AddItemAsync("Child exploitation services evaluation", text);
            OtherPublic = await this.AddItemAsync("Responding to child exploitation in services", text);
            Staff = await this.AddItemAsync("Staff briefing on child exploitation services", text, i => i.Access = ResearchAccess.Staff);
            Restricted = await this.AddItemAsync("Restricted evaluation of child exploitation services", text, i => i.Access = ResearchAccess.Restricted);
            Unpublished = await this.AddItemAsync("Draft evaluation of child exploitation services", text, i => i.IsPublished = false);
            await this.RunIndexWorkerAsync();
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private static async Task<(HttpStatusCode Status, string Body)> SimilarAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/api/research/items/{id}/similar");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static IReadOnlyList<Guid> Ids(string body) =>
        JsonDocument.Parse(body).RootElement.EnumerateArray().Select(h => h.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task A_hidden_item_answers_exactly_as_a_missing_one_to_a_visitor_and_to_a_signed_in_person_without_access()
    {
        var visitor = site.CreateClient();
        var missing = await SimilarAsync(visitor, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        foreach (var hidden in new[] { site.Staff, site.Restricted, site.Unpublished })
        {
            Assert.Equal(missing, await SimilarAsync(visitor, hidden));
        }

        var email = $"reader-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var reader = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await reader.SignInAsync(email, People.Password)).StatusCode);
        Assert.Equal(missing, await SimilarAsync(reader, site.Restricted));
        Assert.Equal(missing, await SimilarAsync(reader, site.Unpublished));
        Assert.Equal(missing, await SimilarAsync(reader, Guid.NewGuid()));

        var staff = await SimilarAsync(reader, site.Staff);
        Assert.Equal(HttpStatusCode.OK, staff.Status);
        Assert.DoesNotContain(site.Restricted, Ids(staff.Body));
        Assert.DoesNotContain(site.Unpublished, Ids(staff.Body));
    }

    [Fact]
    public async Task A_similar_list_holds_only_items_the_caller_may_see()
    {
        var visitor = await SimilarAsync(site.CreateClient(), site.Public);
        Assert.Equal(HttpStatusCode.OK, visitor.Status);
        var seen = Ids(visitor.Body);
        Assert.Contains(site.OtherPublic, seen);
        Assert.DoesNotContain(site.Staff, seen);
        Assert.DoesNotContain(site.Restricted, seen);
        Assert.DoesNotContain(site.Unpublished, seen);
        Assert.All(JsonDocument.Parse(visitor.Body).RootElement.EnumerateArray(), h => Assert.Equal("Public", h.GetProperty("access").GetString()));

        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var everything = await SimilarAsync(admin, site.Restricted);
        Assert.Equal(HttpStatusCode.OK, everything.Status);
        Assert.Contains(site.Staff, Ids(everything.Body));
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateClient().GetAsync($"/research/items/{site.Restricted}")).StatusCode);
    }
}
