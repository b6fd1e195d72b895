using System.Net;
using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Tests.Support;
using Accreditation.Frameworks.Versioning;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Frameworks.Tests.Versioning;

/// <summary>Draft, edit, publish: a new version never changes what the old one says.</summary>
public sealed class VersioningTests(FrameworksSite site) : IClassFixture<FrameworksSite>
{
    [Fact]
    public async Task Publishing_a_new_version_leaves_the_old_versions_statements_unchanged()
    {
        await site.AddAsync(FrameworksSite.Sample("publish-flow", count: 3));
        var old = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("publish-flow"));
        var admin = await site.AdminClientAsync();

        var draft = await admin.PostFormAsync("/admin/frameworks", new Dictionary<string, string> { ["key"] = "publish-flow" }, "/admin/frameworks?handler=CreateDraft");
        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        Assert.Equal("/admin/frameworks/publish-flow/versions/2", draft.Headers.Location?.OriginalString);

        var edit = await admin.GetDocumentAsync("/admin/frameworks/publish-flow/versions/2/statements/2");
        var rowVersion = edit.QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;
        var saved = await admin.PostFormAsync("/admin/frameworks/publish-flow/versions/2/statements/2", new Dictionary<string, string>
        {
            ["Title"] = "Revised second statement",
            ["Description"] = "Says something new.",
            ["RowVersion"] = rowVersion,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var page = await admin.GetDocumentAsync("/admin/frameworks/publish-flow/versions/2");
        var publishForm = page.QuerySelector("form[action*='handler=Publish']")!;
        var publish = await admin.PostFormAsync("/admin/frameworks/publish-flow/versions/2", new Dictionary<string, string>
        {
            ["rowVersion"] = publishForm.QuerySelector("input[name=rowVersion]")!.GetAttribute("value")!,
        }, "/admin/frameworks/publish-flow/versions/2?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);

        var catalog = await site.WithScopeAsync(async sp =>
        {
            var c = sp.GetRequiredService<IFrameworkCatalog>();
            return (Current: await c.GetCurrentAsync("publish-flow"), Old: await c.GetVersionAsync("publish-flow", 1));
        });
        Assert.Equal(2, catalog.Current!.Number);
        Assert.Equal(site.Clock.GetUtcNow().Date, catalog.Current.PublishedOn.ToDateTime(TimeOnly.MinValue));
        Assert.Equal("Revised second statement", catalog.Current.Statements[1].Title);
        Assert.Equal(old!.Statements, catalog.Old!.Statements);
        Assert.False(catalog.Old.IsCurrent);

        var audit = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.Select(a => a.Action).ToListAsync());
        Assert.Contains("framework.draft-created", audit);
        Assert.Contains("framework.statement-changed", audit);
        Assert.Contains("framework.published", audit);

        var anonymous = site.CreateBrowserLikeClient();
        var oldPage = await (await anonymous.GetAsync("/frameworks/publish-flow/versions/1")).Content.ReadAsStringAsync();
        Assert.Contains("Statement 2 of publish-flow", oldPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Revised second statement", oldPage, StringComparison.Ordinal);
        var currentPage = await (await anonymous.GetAsync("/frameworks/publish-flow")).Content.ReadAsStringAsync();
        Assert.Contains("Revised second statement", currentPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_published_version_refuses_every_change_and_stays_as_it_was()
    {
        await site.AddAsync(FrameworksSite.Sample("immutable"));
        var before = await site.SnapshotAsync();
        var (versionId, statement) = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var version = await db.Set<FrameworkVersion>().SingleAsync(v => v.Framework!.Key == "immutable");
            return (version.Id, await db.Set<KssStatement>().FirstAsync(s => s.FrameworkVersionId == version.Id));
        });

        var results = await site.WithScopeAsync(async sp =>
        {
            var versioning = sp.GetRequiredService<FrameworkVersioning>();
            return new[]
            {
                await versioning.UpdateStatementAsync(statement.Id, statement.Version, "Changed", "Changed."),
                await versioning.AddStatementAsync(versionId, "Extra", "Extra."),
                await versioning.RemoveStatementAsync(statement.Id, statement.Version),
                await versioning.DeleteDraftAsync(versionId, 0),
                await versioning.PublishAsync(versionId, 0),
            };
        });

        Assert.All(results, r => Assert.False(r.Succeeded));
        Assert.Equal(before, await site.SnapshotAsync());
        var admin = await site.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/frameworks/immutable/versions/1/statements/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/frameworks/immutable/versions/1/statements/add")).StatusCode);
    }

    [Fact]
    public async Task Saving_a_statement_from_a_stale_form_is_a_409_conflict_and_keeps_the_first_change()
    {
        await site.AddAsync(FrameworksSite.Sample("conflict"));
        var admin = await site.AdminClientAsync();
        await admin.PostFormAsync("/admin/frameworks", new Dictionary<string, string> { ["key"] = "conflict" }, "/admin/frameworks?handler=CreateDraft");
        const string url = "/admin/frameworks/conflict/versions/2/statements/1";
        var form = await admin.GetDocumentAsync(url);
        var rowVersion = form.QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;

        var first = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Title"] = "First editor", ["Description"] = "First.", ["RowVersion"] = rowVersion });
        var second = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Title"] = "Second editor", ["Description"] = "Second.", ["RowVersion"] = rowVersion });

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = await second.ReadPageAsync();
        Assert.Contains(page.ErrorSummary(), m => m.Contains("Someone else changed this version", StringComparison.Ordinal));
        Assert.Equal("First editor", (await site.StatementsAsync("conflict", 2))[0].Title);
    }

    [Fact]
    public async Task An_empty_title_is_shown_next_to_the_field_and_nothing_is_saved()
    {
        await site.AddAsync(FrameworksSite.Sample("validated"));
        var admin = await site.AdminClientAsync();
        await admin.PostFormAsync("/admin/frameworks", new Dictionary<string, string> { ["key"] = "validated" }, "/admin/frameworks?handler=CreateDraft");
        const string url = "/admin/frameworks/validated/versions/2/statements/1";
        var rowVersion = (await admin.GetDocumentAsync(url)).QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;

        var response = await admin.PostFormAsync(url, new Dictionary<string, string> { ["Title"] = " ", ["Description"] = "Still here.", ["RowVersion"] = rowVersion });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal(["Enter a title"], page.ErrorSummary());
        Assert.Equal("#Title", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Contains("Enter a title", page.QuerySelector("#Title-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Statement 1 of validated", (await site.StatementsAsync("validated", 2))[0].Title);
    }

    [Fact]
    public async Task A_framework_has_at_most_one_draft_at_a_time()
    {
        await site.AddAsync(FrameworksSite.Sample("one-draft"));
        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<FrameworkVersioning>().CreateDraftAsync("one-draft"));
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<FrameworkVersioning>().CreateDraftAsync("one-draft"));

        Assert.True(first.Succeeded);
        Assert.Equal(2, first.Version!.Number);
        Assert.False(second.Succeeded);
        Assert.Contains("already has a draft", second.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_statement_from_a_draft_moves_the_later_statements_up_and_leaves_the_published_version_alone()
    {
        await site.AddAsync(FrameworksSite.Sample("renumbered", count: 4));
        var draft = await site.WithScopeAsync(sp => sp.GetRequiredService<FrameworkVersioning>().CreateDraftAsync("renumbered"));
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<KssStatement>()
            .SingleAsync(s => s.FrameworkVersionId == draft.Version!.Id && s.Number == 2));

        var removed = await site.WithScopeAsync(sp => sp.GetRequiredService<FrameworkVersioning>().RemoveStatementAsync(second.Id, second.Version));

        Assert.True(removed.Succeeded);
        Assert.Equal(
            [(1, "Statement 1 of renumbered"), (2, "Statement 3 of renumbered"), (3, "Statement 4 of renumbered")],
            (await site.StatementsAsync("renumbered", 2)).Select(s => (s.Number, s.Title)));
        Assert.Equal(4, (await site.StatementsAsync("renumbered", 1)).Count);
    }

    [Fact]
    public async Task Drafts_are_invisible_to_other_modules_and_the_public()
    {
        await site.AddAsync(FrameworksSite.Sample("hidden-draft"));
        var draft = await site.WithScopeAsync(sp => sp.GetRequiredService<FrameworkVersioning>().CreateDraftAsync("hidden-draft"));

        var seen = await site.WithScopeAsync(async sp =>
        {
            var catalog = sp.GetRequiredService<IFrameworkCatalog>();
            return (Current: await catalog.GetCurrentAsync("hidden-draft"), ById: await catalog.GetVersionAsync(draft.Version!.Id), ByNumber: await catalog.GetVersionAsync("hidden-draft", 2));
        });

        Assert.Equal(1, seen.Current!.Number);
        Assert.Null(seen.ById);
        Assert.Null(seen.ByNumber);
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowserLikeClient().GetAsync("/frameworks/hidden-draft/versions/2")).StatusCode);
    }

    [Fact]
    public async Task Publishing_is_written_to_the_audit_trail_with_the_person()
    {
        await site.AddAsync(FrameworksSite.Sample("audited"));
        var admin = await site.AdminClientAsync();
        await admin.PostFormAsync("/admin/frameworks", new Dictionary<string, string> { ["key"] = "audited" }, "/admin/frameworks?handler=CreateDraft");
        var page = await admin.GetDocumentAsync("/admin/frameworks/audited/versions/2");
        var rowVersion = page.QuerySelector("form[action*='handler=Publish'] input[name=rowVersion]")!.GetAttribute("value")!;
        await admin.PostFormAsync("/admin/frameworks/audited/versions/2", new Dictionary<string, string> { ["rowVersion"] = rowVersion }, "/admin/frameworks/audited/versions/2?handler=Publish");

        var entry = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .SingleAsync(a => a.Action == "framework.published" && a.Details!.StartsWith("audited ")));
        Assert.Equal(PlatformFactory.AdminEmail, entry.UserName);
        Assert.Equal(nameof(FrameworkVersion), entry.RecordType);
    }
}
