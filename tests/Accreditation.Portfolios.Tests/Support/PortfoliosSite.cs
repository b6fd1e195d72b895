using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Support;

/// <summary>
/// The site from the setup recipe plus an open window ("Test window", 1 October 2026 to 31 March 2027; the clock starts on
/// 2 November 2026), sign-in rate limits lifted, a 2 MB upload limit so the over-the-limit file stays small, and a 4 MB
/// storage allowance per candidate.
/// </summary>
public partial class PortfoliosSite : PlatformFactory
{
    /// <summary>Every test person's password.</summary>
    public const string Password = "harbour thistle copper 17";

    /// <summary>The upload limit of this site.</summary>
    public const int MaxUploadBytes = 2 * 1024 * 1024;

    private readonly SemaphoreSlim setup = new(1, 1);
    private Guid? windowId;

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "1000",
        ["Portfolios:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portfolios:StorageQuotaBytes"] = StorageQuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The storage allowance of each candidate on this site.</summary>
    public const int StorageQuotaBytes = 4 * 1024 * 1024;

    /// <summary>The folder portfolio files are stored in.</summary>
    public string FilesFolder => Path.Combine(AppDataPath, "portfolio-files");

    /// <summary>The open test window's id (created on first use).</summary>
    public async Task<Guid> WindowAsync()
    {
        await setup.WaitAsync();
        try
        {
            if (windowId is null)
            {
                var result = await WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
                    { "name": "test window", "steps": [ { "name": "programmes", "programmes": [
                      { "name": "Test programme", "framework": "practice-leader",
                        "windows": [ { "name": "Test window", "opens": "2026-10-01", "closes": "2027-03-31", "capacity": 500 } ] } ] } ] }
                    """));
                Assert.True(result.Succeeded, string.Join("; ", result.Errors));
                windowId = await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Name == "Test window").Select(w => w.Id).SingleAsync());
            }

            return windowId.Value;
        }
        finally
        {
            setup.Release();
        }
    }

    /// <summary>Creates a person with a role (and organisation) and returns a client signed in as them.</summary>
    public async Task<HttpClient> PersonAsync(string role, Guid? organisationId = null, string? email = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.gov.uk";
        await WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            await People.EnsureOrganisationAsync(sp, organisationId);
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role}", OrganisationId = organisationId };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        });
        return await SignedInAsync(email);
    }

    /// <summary>A new client signed in as an existing person (with two-factor, which privileged roles must use).</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var client = CreateBrowserLikeClient();
        var signIn = await client.SignInWithTwoFactorAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    /// <summary>A new candidate enrolled in the test window (in a new organisation of their own unless one is given): their client and portfolio id.</summary>
    public async Task<(HttpClient Client, Guid Portfolio)> CandidateWithPortfolioAsync(Guid? organisationId = null, string? adjustments = null)
    {
        var client = await PersonAsync(Roles.Candidate, organisationId ?? Guid.NewGuid());
        var window = await WindowAsync();
        var response = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = adjustments ?? "" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        return (client, id);
    }

    /// <summary>The practice-leader statements of the portfolio, by number (id and title).</summary>
    public Task<List<(Guid Id, int Number, string Title)>> StatementsAsync() => WithScopeAsync(async sp =>
    {
        var catalog = sp.GetRequiredService<Accreditation.Frameworks.Contracts.IFrameworkCatalog>();
        var version = await catalog.GetCurrentAsync("practice-leader");
        return version!.Statements.Select(s => (s.Id, s.Number, s.Title)).ToList();
    });

    /// <summary>Starts a reflective account from a statement's page; returns the item id.</summary>
    public static async Task<Guid> StartItemAsync(HttpClient client, Guid portfolio, Guid statement, string kind = "ReflectiveAccount")
    {
        var url = $"/portfolio/{portfolio}/statements/{statement}";
        var page = await client.GetDocumentAsync(url);
        var response = await client.PostAsync($"{url}?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = kind,
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    /// <summary>The item form's fields as loaded (title, body, row version, every mapping field), ready to change and post.</summary>
    public static async Task<(Dictionary<string, string> Fields, IHtmlDocument Page)> ItemFormAsync(HttpClient client, Guid portfolio, Guid item)
    {
        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/items/{item}");
        var form = page.QuerySelector("form#evidence-form")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input, textarea"))
        {
            var name = input.GetAttribute("name");
            if (name is null)
            {
                continue;
            }

            if (input is IHtmlInputElement { Type: "checkbox" } box)
            {
                if (box.IsChecked)
                {
                    fields[name] = box.Value;
                }
            }
            else if (input is IHtmlTextAreaElement area)
            {
                fields[name] = area.Value;
            }
            else
            {
                fields[name] = ((IHtmlInputElement)input).Value;
            }
        }

        return (fields, page);
    }

    /// <summary>Fills an item's form: text, and a rationale for each statement number given (ticking it), then posts it with the given handler.</summary>
    public static async Task<HttpResponseMessage> SaveItemAsync(HttpClient client, Guid portfolio, Guid item, string? body, IReadOnlyDictionary<int, string> rationales, string? handler = null, string? title = null, Action<Dictionary<string, string>>? change = null)
    {
        var (fields, page) = await ItemFormAsync(client, portfolio, item);
        if (body is not null)
        {
            fields["Body"] = body;
        }

        if (title is not null)
        {
            fields["Title"] = title;
        }

        SetMappings(fields, page, rationales);
        change?.Invoke(fields);
        return await client.PostAsync($"/portfolio/{portfolio}/items/{item}" + (handler is null ? "" : $"?handler={handler}"), new FormUrlEncodedContent(fields));
    }

    /// <summary>Ticks the statements given by number (with their rationales) and unticks the rest.</summary>
    public static void SetMappings(Dictionary<string, string> fields, IHtmlDocument page, IReadOnlyDictionary<int, string> rationales)
    {
        var labels = page.QuerySelectorAll("label.govuk-checkboxes__label").ToList();
        for (var i = 0; i < labels.Count; i++)
        {
            var number = int.Parse(NumberPrefix().Match(labels[i].TextContent.Trim()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (rationales.TryGetValue(number, out var rationale))
            {
                fields[$"Mappings[{i}].Selected"] = "true";
                fields[$"Mappings[{i}].Rationale"] = rationale;
            }
            else
            {
                fields.Remove($"Mappings[{i}].Selected");
            }
        }
    }

    /// <summary>Removes an item through its confirmation page.</summary>
    public static Task<HttpResponseMessage> RemoveItemAsync(HttpClient client, Guid portfolio, Guid item) =>
        client.PostFormAsync($"/portfolio/{portfolio}/items/{item}/remove", new Dictionary<string, string>());

    /// <summary>Uploads a file to the portfolio with any file name (sent as filename and RFC 5987 filename*), the way a browser posts it.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid portfolio, byte[] content, string fileName, Guid? statement = null, string title = "")
    {
        var url = $"/portfolio/{portfolio}/upload";
        var form = await client.GetDocumentAsync(url);
        var boundary = "----portfolio-test-" + Guid.NewGuid().ToString("N");
        using var body = new MemoryStream();
        void Text(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        void Field(string name, string value) => Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        Field("__RequestVerificationToken", form.AntiforgeryToken());
        Field("Title", title);
        if (statement is not null)
        {
            Field("Statement", statement.ToString()!);
        }

        var ascii = new string(fileName.Select(c => c is >= ' ' and < (char)127 && c != '"' ? c : '_').ToArray());
        Text($"--{boundary}\r\nContent-Disposition: form-data; name=\"Upload\"; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.Write(content);
        Text($"\r\n--{boundary}--\r\n");
        var payload = new ByteArrayContent(body.ToArray());
        payload.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return await client.PostAsync(url, payload);
    }

    /// <summary>
    /// Warnings and errors the server logged, less those the test host always causes (see the Frameworks tests).
    /// </summary>
    public IReadOnlyList<string> UnexpectedServerProblems() =>
        ServerProblems.Where(p => !p.Contains("The WebRootPath was not found", StringComparison.Ordinal)
            && !p.Contains("A request body size limit could not be applied", StringComparison.Ordinal)
            && !p.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal)
            && !MissingFiles.IsDeliberatelyMissing(p)).ToList();

    /// <summary>Every row of the module's tables, to show an operation stored nothing.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> PortfolioTablesAsync()
    {
        var all = await DatabaseSnapshot.TakeAsync(Services);
        string[] tables = ["Programmes", "AssessmentWindows", "Enrolments", "EvidenceItems", "EvidenceMappings", "EvidenceRevisions", "PortfolioFiles", "Endorsements", "Submissions", "SubmissionFiles"];
        return all.Where(t => tables.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value);
    }

    /// <summary>Every file under the portfolio files folder (including unfinished ones).</summary>
    public IReadOnlyList<string> StoredFiles() =>
        Directory.Exists(FilesFolder) ? Directory.GetFiles(FilesFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    [GeneratedRegex(@"^(\d+)\.")]
    private static partial Regex NumberPrefix();
}

/// <summary>Reading pages in tests.</summary>
public static class PageReading
{
    /// <summary>The messages of the page's GOV.UK error summary.</summary>
    public static IReadOnlyList<string> ErrorSummary(this IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()).ToList();

    /// <summary>Parses a response's HTML.</summary>
    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response) =>
        Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>A redirect's target path whether the server sent it relative or absolute.</summary>
    public static string Target(this HttpResponseMessage response) =>
        response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : "";
}
