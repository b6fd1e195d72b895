using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Documents;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Frameworks.Tests.Support;

/// <summary>The site set up from the practice-leader recipe, with sign-in rate limits lifted so tests can sign in freely.</summary>
public sealed class FrameworksSite : PlatformFactory
{
    /// <summary>A signed-in person without any admin permission.</summary>
    public const string CandidateEmail = "candidate@example.gov.uk";

    /// <summary>The candidate's password.</summary>
    public const string CandidatePassword = "harbour thistle copper 17";

    private int candidateCreated;

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "1000",
    };

    /// <summary>A browser-like client signed in as the first admin.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        var client = CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        return client;
    }

    /// <summary>A browser-like client signed in as a candidate (no admin permissions).</summary>
    public async Task<HttpClient> CandidateClientAsync()
    {
        if (Interlocked.Exchange(ref candidateCreated, 1) == 0)
        {
            await WithScopeAsync(async sp =>
            {
                var users = sp.GetRequiredService<UserManager<PlatformUser>>();
                var user = new PlatformUser { UserName = CandidateEmail, Email = CandidateEmail, EmailConfirmed = true, DisplayName = "Candidate" };
                Assert.True((await users.CreateAsync(user, CandidatePassword)).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, Core.Security.Roles.Candidate)).Succeeded);
            });
        }

        var client = CreateBrowserLikeClient();
        var signIn = await client.SignInAsync(CandidateEmail, CandidatePassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>
    /// Warnings and errors the server logged, less those the test host always causes: the web root folder that only a
    /// published site has, request body limits that the in-memory test server cannot apply, and EF's first look for the
    /// migrations history table in a brand-new PostgreSQL database.
    /// </summary>
    public IReadOnlyList<string> UnexpectedServerProblems() =>
        ServerProblems.Where(p => !p.Contains("The WebRootPath was not found", StringComparison.Ordinal)
            && !p.Contains("A request body size limit could not be applied", StringComparison.Ordinal)
            && !p.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)).ToList();

    /// <summary>Runs recipe JSON through the runner.</summary>
    public Task<RecipeResult> RunRecipeAsync(string json) =>
        WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(json));

    /// <summary>Every row of the module's tables with its row version, in a stable order, to show whether anything changed.</summary>
    public Task<List<string>> SnapshotAsync() => WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        var rows = new List<string>();
        rows.AddRange((await db.Set<Framework>().AsNoTracking().ToListAsync())
            .Select(f => $"F {f.Id} {f.Key} {f.Name} {f.Description} v{f.Version}"));
        rows.AddRange((await db.Set<FrameworkVersion>().AsNoTracking().ToListAsync())
            .Select(v => $"V {v.Id} {v.FrameworkId} {v.Number} {v.Status} {v.PublishedOn} {v.CreatedAt:O} {v.ChangedAt:O} v{v.Version}"));
        rows.AddRange((await db.Set<KssStatement>().AsNoTracking().ToListAsync())
            .Select(s => $"S {s.Id} {s.FrameworkVersionId} {s.Number} {s.Title} {s.Description} v{s.Version}"));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    });

    /// <summary>The statements of a version (any status) as (number, title, description), by number.</summary>
    public Task<List<(int Number, string Title, string Description)>> StatementsAsync(string key, int version) => WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        var rows = await db.Set<KssStatement>().AsNoTracking()
            .Where(s => db.Set<FrameworkVersion>().Any(v => v.Id == s.FrameworkVersionId && v.Number == version && v.Framework!.Key == key))
            .OrderBy(s => s.Number)
            .Select(s => new { s.Number, s.Title, s.Description })
            .ToListAsync();
        return rows.Select(r => (r.Number, r.Title, r.Description)).ToList();
    });

    /// <summary>Adds a framework version straight through the import service (test set-up).</summary>
    public Task AddAsync(FrameworkDocument document) => WithScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<FrameworkImport>().ApplyAsync(document, "$", CancellationToken.None);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        await sp.GetRequiredService<AccreditationDbContext>().SaveChangesAsync();
    });

    /// <summary>A small framework document with <paramref name="count"/> statements.</summary>
    public static FrameworkDocument Sample(string key, int version = 1, int count = 3, DateOnly? published = null) =>
        new(key, $"Sample framework {key}", version,
            Enumerable.Range(1, count).Select(n => new StatementDocument(n, $"Statement {n} of {key}", $"What statement {n} asks of people.")).ToList(),
            "A framework made up for a test.",
            published ?? new DateOnly(2026, 9, 1));
}

/// <summary>Uploads files to the import page the way a browser does.</summary>
public static class ImportPage
{
    /// <summary>GETs the import form and posts the file with the form's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string fileName = "framework.json", string contentType = "application/json")
    {
        var form = await client.GetDocumentAsync("/admin/frameworks/import");
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        body.Add(file, "Upload", fileName);
        return await client.PostAsync("/admin/frameworks/import", body);
    }

    /// <summary>Uploads JSON text.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string json, string fileName = "framework.json") =>
        client.UploadAsync(Encoding.UTF8.GetBytes(json), fileName);

    /// <summary>The messages of the page's GOV.UK error summary.</summary>
    public static IReadOnlyList<string> ErrorSummary(this IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()).ToList();

    /// <summary>Parses a response's HTML.</summary>
    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response) =>
        Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
}
