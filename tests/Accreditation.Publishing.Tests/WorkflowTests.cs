using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>The review workflow: permitted moves only, a second Publisher approves, schedules publish on time.</summary>
public sealed class WorkflowTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    [Fact]
    public void Only_the_listed_transitions_are_permitted()
    {
        Assert.True(PublicationStateMachine.IsPermitted(PublicationStatus.Draft, PublicationAction.Submit, PublicationStatus.InReview));
        Assert.True(PublicationStateMachine.IsPermitted(PublicationStatus.InReview, PublicationAction.Approve, PublicationStatus.Scheduled));
        Assert.True(PublicationStateMachine.IsPermitted(PublicationStatus.Published, PublicationAction.Archive, PublicationStatus.Archived));
        Assert.False(PublicationStateMachine.IsPermitted(PublicationStatus.Draft, PublicationAction.Approve, PublicationStatus.Published));
        Assert.False(PublicationStateMachine.IsPermitted(PublicationStatus.Archived, PublicationAction.Approve, PublicationStatus.Published));
        Assert.False(PublicationStateMachine.IsPermitted(PublicationStatus.Published, PublicationAction.Submit, PublicationStatus.InReview));
        Assert.False(PublicationStateMachine.IsPermitted(PublicationStatus.Draft, PublicationAction.Archive, PublicationStatus.Archived));
    }

    [Fact]
    public async Task A_draft_cannot_be_approved_or_archived_and_the_refusal_changes_nothing()
    {
        var author = await site.NewPublisherAsync();
        var other = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Draft only"), author))).Id!.Value;

        var approve = await site.ActAsync(id, PublicationAction.Approve, other);
        var archive = await site.ActAsync(id, PublicationAction.Archive, other);
        var publish = await site.ActAsync(id, PublicationAction.PublishWithoutReview, author);

        Assert.False(approve.Succeeded);
        Assert.False(archive.Succeeded);
        Assert.False(publish.Succeeded);
        Assert.Equal(PublicationStatus.Draft, (await site.ItemAsync(id)).Status);
    }

    [Fact]
    public async Task A_publisher_cannot_approve_their_own_update_when_review_is_required()
    {
        var author = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Own approval"), author))).Id!.Value;
        Assert.True((await site.ActAsync(id, PublicationAction.Submit, author)).Succeeded);

        var own = await site.ActAsync(id, PublicationAction.Approve, author);

        Assert.False(own.Succeeded);
        Assert.Contains("another Publisher", own.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(PublicationStatus.InReview, (await site.ItemAsync(id)).Status);

        var reviewer = await site.NewPublisherAsync();
        Assert.True((await site.ActAsync(id, PublicationAction.Approve, reviewer)).Succeeded);
        Assert.Equal(PublicationStatus.Published, (await site.ItemAsync(id)).Status);
    }

    [Fact]
    public async Task A_scheduled_update_appears_when_its_time_comes_and_not_before()
    {
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Scheduled"), author))).Id!.Value;
        await site.ActAsync(id, PublicationAction.Submit, author);
        Assert.True((await site.ActAsync(id, PublicationAction.Approve, reviewer, site.Clock.GetUtcNow().AddHours(2))).Succeeded);
        var item = await site.ItemAsync(id);
        Assert.Equal(PublicationStatus.Scheduled, item.Status);
        var client = site.CreateBrowserLikeClient();

        // What the scheduled-publishing task does each round (its background loop is off in this site).
        await site.WorkflowAsync(w => w.PublishDueAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/updates/{item.Slug}")).StatusCode);

        site.Clock.Advance(TimeSpan.FromHours(2));
        await site.WorkflowAsync(w => w.PublishDueAsync());

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/updates/{item.Slug}")).StatusCode);
        Assert.Equal(site.Clock.GetUtcNow(), (await site.ItemAsync(id)).PublishedAt);
    }

    [Fact]
    public async Task Each_save_keeps_a_version_and_each_move_is_in_the_history()
    {
        var author = await site.NewPublisherAsync();
        var draft = PublishingSiteExtensions.Draft("Versioned");
        var id = (await site.WorkflowAsync(w => w.CreateAsync(draft, author))).Id!.Value;
        var item = await site.ItemAsync(id);
        Assert.True((await site.WorkflowAsync(w => w.EditAsync(id, item.Version, draft with { Body = "Second wording." }, author))).Succeeded);

        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var first = await (await admin.GetAsync($"/admin/publishing/{id}/versions/1")).Content.ReadAsStringAsync();
        var page = await (await admin.GetAsync($"/admin/publishing/{id}")).Content.ReadAsStringAsync();

        Assert.Contains("<strong>guidance</strong>", first, StringComparison.Ordinal);
        Assert.Contains("Second wording.", page, StringComparison.Ordinal);
        Assert.Contains("Version 2", page, StringComparison.Ordinal);
        Assert.Equal(2, (await site.ItemAsync(id)).CurrentVersion);
    }

    [Fact]
    public async Task The_author_is_never_offered_approve_and_a_post_made_anyway_is_refused_with_the_same_reason()
    {
        var authorEmail = PublishingSiteExtensions.NewAddress("author");
        var authorId = await site.CreatePersonAsync(authorEmail, [Roles.Publisher]);
        var author = new Actor(authorId, authorEmail);
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Offered actions"), author))).Id!.Value;
        Assert.True((await site.ActAsync(id, PublicationAction.Submit, author)).Succeeded);
        const string Reason = "You cannot approve an update you wrote or submitted: another Publisher must approve it.";

        var client = await site.SignedInClientAsync(authorEmail);
        var page = await client.GetDocumentAsync($"/admin/publishing/{id}");
        Assert.Equal("In review", page.QuerySelector("#status")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("input[name=Action][value=Approve]"));
        Assert.DoesNotContain("Approve and publish", page.QuerySelectorAll("button").Select(b => b.TextContent.Trim()));
        Assert.Equal($"Approve and publish: {Reason}", page.QuerySelector("#cannot-approve")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll("input[name=Action][value=ReturnToDraft]")); // what the author may do is still offered
        Assert.Contains("In review", (await client.GetDocumentAsync("/admin/publishing")).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("InReview", await client.GetStringAsync($"/admin/publishing/{id}"), StringComparison.Ordinal);

        var posted = await client.PostFormAsync($"/admin/publishing/{id}", new Dictionary<string, string>
        {
            ["Action"] = "Approve",
            ["Version"] = (await site.ItemAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains(Reason, System.Net.WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(PublicationStatus.InReview, (await site.ItemAsync(id)).Status);

        var reviewerEmail = PublishingSiteExtensions.NewAddress("reviewer");
        await site.CreatePersonAsync(reviewerEmail, [Roles.Publisher]);
        var reviewer = await (await site.SignedInClientAsync(reviewerEmail)).GetDocumentAsync($"/admin/publishing/{id}");
        Assert.NotEmpty(reviewer.QuerySelectorAll("input[name=Action][value=Approve]"));
        Assert.Null(reviewer.QuerySelector("#cannot-approve"));
    }

    [Fact]
    public async Task A_stale_edit_is_a_conflict_not_a_lost_change()
    {
        var author = await site.NewPublisherAsync();
        var draft = PublishingSiteExtensions.Draft("Stale");
        var id = (await site.WorkflowAsync(w => w.CreateAsync(draft, author))).Id!.Value;
        var version = (await site.ItemAsync(id)).Version;
        Assert.True((await site.WorkflowAsync(w => w.EditAsync(id, version, draft with { Body = "First editor." }, author))).Succeeded);

        var stale = await site.WorkflowAsync(w => w.EditAsync(id, version, draft with { Body = "Second editor." }, author));

        Assert.True(stale.IsConflict);
        Assert.Equal("First editor.", (await site.ItemAsync(id)).Body);
    }

    [Fact]
    public async Task A_body_linking_to_javascript_data_or_vbscript_is_refused_next_to_the_field_and_nothing_is_saved()
    {
        var email = PublishingSiteExtensions.NewAddress("linker");
        await site.CreatePersonAsync(email, [Roles.Publisher]);
        var client = await site.SignedInClientAsync(email);

        foreach (var (body, scheme) in new[]
        {
            ("Read [the guidance](javascript:alert(1)).", "javascript"),
            ("Read <a href=\"data:text/html,hi\">the guidance</a>.", "data"),
            ("Read <vbscript:msgbox(1)>.", "vbscript"),
        })
        {
            var title = $"Link refused {scheme} {Guid.NewGuid():N}";
            var response = await client.PostFormAsync("/admin/publishing/edit", new Dictionary<string, string>
            {
                ["Kind"] = "Update",
                ["Title"] = title,
                ["Body"] = body,
                ["Audience"] = "Public",
            });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains($"Links starting with {scheme}: are not allowed", page.QuerySelector("#Body-error")?.TextContent, StringComparison.Ordinal);
            Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdate>().AnyAsync(u => u.Title == title)));
        }
    }

    [Fact]
    public async Task Missing_title_and_body_are_shown_next_to_the_fields_not_as_an_error_page()
    {
        var email = PublishingSiteExtensions.NewAddress("writer");
        await site.CreatePersonAsync(email, [Roles.Publisher]);
        var client = await site.SignedInClientAsync(email);

        var form = await client.GetAsync("/admin/publishing/edit");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var response = await client.PostFormAsync("/admin/publishing/edit", new Dictionary<string, string>
        {
            ["Kind"] = "Update",
            ["Title"] = "",
            ["Body"] = "",
            ["Audience"] = "Public",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"Title-error\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"Body-error\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_publication_time_that_is_not_a_time_is_refused_and_nothing_is_published()
    {
        var author = await site.NewPublisherAsync();
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Bad time"), author))).Id!.Value;
        await site.ActAsync(id, PublicationAction.Submit, author);
        var email = PublishingSiteExtensions.NewAddress("approver");
        await site.CreatePersonAsync(email, [Roles.Publisher]);
        var client = await site.SignedInClientAsync(email);
        var item = await site.ItemAsync(id);

        var response = await client.PostFormAsync($"/admin/publishing/{id}", new Dictionary<string, string>
        {
            ["Action"] = "Approve",
            ["Version"] = item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PublishAt"] = "next tuesday",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter the publication time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PublicationStatus.InReview, (await site.ItemAsync(id)).Status);
    }
}
