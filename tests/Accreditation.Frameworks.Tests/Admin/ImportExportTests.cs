using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Frameworks.Tests.Admin;

/// <summary>Admins import a framework version from a JSON file and export any version; bad files are refused clearly and store nothing.</summary>
public sealed class ImportExportTests(FrameworksSite site) : IClassFixture<FrameworksSite>
{
    private const string Valid = """
        {
          "key": "imported-framework",
          "name": "An imported framework",
          "description": "Brought in from a file.",
          "version": 1,
          "published": "2026-10-01",
          "statements": [
            { "number": 1, "title": "Know the child", "description": "Spend time with the child." },
            { "number": 2, "title": "Know the law", "description": "Apply it well." }
          ]
        }
        """;

    [Fact]
    public async Task Importing_a_valid_file_creates_a_published_version_and_audits_it()
    {
        var admin = await site.AdminClientAsync();

        var response = await admin.UploadAsync(Valid);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/frameworks/imported-framework/versions/1", response.Headers.Location?.OriginalString);
        var current = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("imported-framework"));
        Assert.Equal(new DateOnly(2026, 10, 1), current!.PublishedOn);
        Assert.Equal(["Know the child", "Know the law"], current.Statements.Select(s => s.Title));
        var audit = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .SingleAsync(a => a.Action == "framework.imported" && a.Details!.StartsWith("imported-framework version 1")));
        Assert.Equal(current.Id.ToString(), audit.RecordId);
        var banner = await (await admin.GetAsync(response.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("Imported version 1 of An imported framework with 2 statements.", banner, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "syntax error", Encoding.UTF8.GetBytes("{ \"key\": \"broken\", \"name\": \"Broken\" \"version\": 1 }"), "The selected file is not valid JSON (line 1" },
        { "wrong types", Encoding.UTF8.GetBytes("""{ "key": "typed", "name": 7, "version": "one", "statements": {} }"""), "$.name: The name must be text in quotes, not a number." },
        { "wrong types 2", Encoding.UTF8.GetBytes("""{ "key": "typed", "name": 7, "version": "one", "statements": {} }"""), "$.version: The version must be a whole number, not text." },
        { "duplicate numbers", Encoding.UTF8.GetBytes(Valid.Replace("\"number\": 2", "\"number\": 1", StringComparison.Ordinal)), "$.statements[1].number: Statement number 1 is used more than once." },
        { "empty title", Encoding.UTF8.GetBytes(Valid.Replace("\"Know the law\"", "\"\"", StringComparison.Ordinal)), "$.statements[1].title: Enter a title for statement 2." },
        { "unknown member", Encoding.UTF8.GetBytes(Valid.Replace("\"version\": 1,", "\"version\": 1, \"colour\": \"blue\",", StringComparison.Ordinal)), "$.colour: Unknown member 'colour'" },
        { "not an object", Encoding.UTF8.GetBytes("[1, 2, 3]"), "The file must hold one framework version" },
        { "a PNG renamed .json", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFE], "The selected file is not a JSON file: it is not text." },
        { "plain text renamed .json", Encoding.UTF8.GetBytes("Knowledge and skills statement\n1. Lead and govern"), "The selected file is not valid JSON" },
        { "empty file", [], "The selected file is empty" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(string problem, byte[] content, string message)
    {
        Assert.NotEmpty(problem);
        var admin = await site.AdminClientAsync();
        var before = await site.SnapshotAsync();

        var response = await admin.UploadAsync(content, "framework.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains(page.ErrorSummary(), m => m.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal("#Upload", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector(".govuk-form-group--error #Upload"));
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task A_file_is_judged_by_its_content_not_its_name()
    {
        var admin = await site.AdminClientAsync();

        var response = await admin.UploadAsync(Encoding.UTF8.GetBytes(Valid.Replace("imported-framework", "named-oddly", StringComparison.Ordinal)), "statements.txt", "text/plain");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("named-oddly")));
    }

    [Fact]
    public async Task A_file_that_would_change_a_published_version_is_refused_and_the_version_is_unchanged()
    {
        var admin = await site.AdminClientAsync();
        var seeded = await site.StatementsAsync("practice-supervisor", 1);
        var export = JsonNode.Parse(await (await admin.GetAsync("/admin/frameworks/practice-supervisor/versions/1/export")).Content.ReadAsStringAsync())!;
        export["statements"]![0]!["title"] = "Quietly changed";
        var before = await site.SnapshotAsync();

        var response = await admin.UploadAsync(export.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await response.ReadPageAsync()).ErrorSummary();
        Assert.Contains(errors, m => m.StartsWith("$.version: Version 1 of 'practice-supervisor' is already published with different content", StringComparison.Ordinal));
        Assert.Equal(before, await site.SnapshotAsync());
        Assert.Equal(seeded, await site.StatementsAsync("practice-supervisor", 1));
    }

    [Fact]
    public async Task Importing_the_same_version_again_changes_nothing()
    {
        var admin = await site.AdminClientAsync();
        var export = await (await admin.GetAsync("/admin/frameworks/practice-leader/versions/1/export")).Content.ReadAsByteArrayAsync();
        var before = await site.SnapshotAsync();

        var response = await admin.UploadAsync(export);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await site.SnapshotAsync());
        var page = await (await admin.GetAsync(response.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("already here with the same content, so nothing changed", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_downloads_a_json_attachment_that_imports_back_as_the_same_statements()
    {
        var admin = await site.AdminClientAsync();

        var export = await admin.GetAsync("/admin/frameworks/child-and-family-practitioner/versions/1/export");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("child-and-family-practitioner-version-1.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        var json = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["key", "name", "description", "version", "published", "statements"], json.Select(p => p.Key));
        Assert.Equal(10, json["statements"]!.AsArray().Count);

        json["key"] = "round-trip";
        var imported = await admin.UploadAsync(json.ToJsonString());

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(await site.StatementsAsync("child-and-family-practitioner", 1), await site.StatementsAsync("round-trip", 1));
        var again = JsonNode.Parse(await (await admin.GetAsync("/admin/frameworks/round-trip/versions/1/export")).Content.ReadAsStringAsync())!;
        Assert.True(JsonNode.DeepEquals(json, again));
    }

    [Fact]
    public async Task A_draft_imported_without_a_published_date_can_be_edited_and_is_not_public()
    {
        var admin = await site.AdminClientAsync();
        var draft = JsonNode.Parse(Valid)!;
        draft["key"] = "imported-draft";
        draft["published"] = null;

        var response = await admin.UploadAsync(draft.ToJsonString());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/frameworks/imported-draft/versions/1/statements/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateClient().GetAsync("/frameworks/imported-draft")).StatusCode);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_a_message_and_a_much_larger_request_is_refused_without_a_server_error()
    {
        var admin = await site.AdminClientAsync();
        var before = await site.SnapshotAsync();
        var tooBig = Encoding.UTF8.GetBytes("{\"key\":\"big\",\"name\":\"" + new string('x', 600 * 1024) + "\"}");

        var response = await admin.UploadAsync(tooBig);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The selected file must be smaller than 512 KB", (await response.ReadPageAsync()).ErrorSummary());

        var huge = await admin.UploadAsync(new byte[3 * 1024 * 1024]);
        Assert.InRange((int)huge.StatusCode, 400, 499);
        Assert.Equal(before, await site.SnapshotAsync());
    }

    [Fact]
    public async Task An_upload_without_a_file_asks_for_one()
    {
        var admin = await site.AdminClientAsync();
        var form = await admin.GetDocumentAsync("/admin/frameworks/import");
        using var body = new MultipartFormDataContent { { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" } };

        var response = await admin.PostAsync("/admin/frameworks/import", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Select a JSON file"], (await response.ReadPageAsync()).ErrorSummary());
    }

    [Fact]
    public async Task Export_of_an_unknown_version_is_not_found()
    {
        var admin = await site.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/frameworks/practice-leader/versions/99/export")).StatusCode);
    }
}
