using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.Organisations;
using Accreditation.Testing;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>The site with sign-in rate limits lifted (tests here sign in often), and helpers for people and organisations.</summary>
public class PeopleSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "1000",
        ["Site:BaseUrl"] = "https://accreditation.example.gov.uk",
    };

    /// <summary>Adds a local authority (or returns the one with that code) and returns its id.</summary>
    public Task<Guid> OrganisationAsync(string code, string name, EnglishRegion region = EnglishRegion.London) =>
        WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            if (await db.Set<Organisation>().SingleOrDefaultAsync(o => o.Code == code) is { } existing)
            {
                return existing.Id;
            }

            var organisation = new Organisation { Id = Guid.NewGuid(), Code = code, Name = name, Kind = OrganisationKind.LocalAuthority, Region = region };
            db.Add(organisation);
            await db.SaveChangesAsync();
            return organisation.Id;
        });

    /// <summary>Creates a person in an organisation with roles; returns their id.</summary>
    public Task<string> PersonAsync(string email, Guid? organisation, params string[] roles) =>
        this.CreatePersonAsync(email, roles, p =>
        {
            p.OrganisationId = organisation;
            p.DisplayName = email.Split('@')[0];
        });

    /// <summary>A client signed in as the person (with the two-factor step, turned on for them if needed).</summary>
    public async Task<HttpClient> SignedInAsync(string email, string password = Testing.People.Password)
    {
        var client = CreateBrowserLikeClient();
        var response = await client.SignInWithTwoFactorAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A client signed in as the first admin.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        var client = CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        return client;
    }

    /// <summary>A person as stored now.</summary>
    public Task<PlatformUser?> FindAsync(string email) =>
        WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email));

    /// <summary>The roles a person holds now.</summary>
    public Task<List<string>> RolesAsync(string email) =>
        WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            return (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).Order(StringComparer.Ordinal).ToList();
        });

    /// <summary>Audit entries with this action (and record id).</summary>
    public Task<List<AuditEntry>> AuditAsync(string action, string? recordId = null) =>
        WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Action == action && (recordId == null || a.RecordId == recordId)).ToListAsync());
}

/// <summary>Page helpers for the people and organisation tests.</summary>
public static class PeoplePages
{
    /// <summary>The messages of the page's GOV.UK error summary.</summary>
    public static IReadOnlyList<string> ErrorSummary(this IHtmlDocument page) =>
        page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()).ToList();

    /// <summary>Parses a response's HTML.</summary>
    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response) =>
        Pages.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>Posts a form with repeated fields (checkboxes) and the antiforgery token of <paramref name="formPage"/>.</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(this HttpClient client, string formPage, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var document = await client.GetDocumentAsync(formPage);
        var values = fields.Append(new("__RequestVerificationToken", document.AntiforgeryToken())).ToList();
        return await client.PostAsync(action ?? formPage, new FormUrlEncodedContent(values));
    }

    /// <summary>Invites someone through the invite page and returns the link emailed to them.</summary>
    public static async Task<string> InviteAsync(this HttpClient admin, PlatformFactory site, string email, Guid? organisation, params string[] roles)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Email", email) };
        if (organisation is not null)
        {
            fields.Add(new("OrganisationId", organisation.ToString()!));
        }

        fields.AddRange(roles.Select(r => new KeyValuePair<string, string>("Roles", r)));
        var response = await admin.PostFieldsAsync("/admin/people/invite", fields);
        Assert.Equal("/admin/people/invited", response.Headers.Location?.OriginalString);
        var shown = await admin.GetDocumentAsync("/admin/people/invited");
        Assert.Null(shown.QuerySelector("#invitation-link")); // emailed, so not shown
        var invitation = Assert.Single(await site.EmailsToAsync(email), e => e.Subject.Contains("invited", StringComparison.Ordinal));
        Assert.NotNull(invitation.Link);
        return new Uri(invitation.Link).PathAndQuery;
    }

    /// <summary>Accepts an invitation from a fresh, anonymous browser; returns that browser and the response.</summary>
    public static async Task<(HttpClient Browser, HttpResponseMessage Response)> AcceptAsync(this PlatformFactory site, string link, string name = "Sam Taylor", string password = "heron willow pebble 3")
    {
        var browser = site.CreateBrowserLikeClient();
        var form = await browser.GetDocumentAsync(link);

        // A link that no longer works shows no form: post as a form opened earlier, in another tab, would.
        var antiforgery = form.QuerySelector("input[name=__RequestVerificationToken]") is IHtmlInputElement t
            ? t.Value
            : (await browser.GetDocumentAsync("/account/sign-in")).AntiforgeryToken();
        var response = await browser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery,
            ["Token"] = (form.QuerySelector("input[name=Token]") as IHtmlInputElement)?.Value ?? QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), link).Query).GetValueOrDefault("token").ToString(),
            ["DisplayName"] = name,
            ["Password"] = password,
            ["ConfirmPassword"] = password,
        }));
        return (browser, response);
    }

    /// <summary>Uploads a file to the organisations import page the way a browser does.</summary>
    public static async Task<HttpResponseMessage> UploadOrganisationsAsync(this HttpClient client, byte[] content, string fileName = "organisations.csv", string contentType = "text/csv")
    {
        var form = await client.GetDocumentAsync("/admin/organisations/import");
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        body.Add(file, "Upload", fileName);
        return await client.PostAsync("/admin/organisations/import", body);
    }

    /// <summary>Uploads CSV text.</summary>
    public static Task<HttpResponseMessage> UploadOrganisationsAsync(this HttpClient client, string csv, string fileName = "organisations.csv") =>
        client.UploadOrganisationsAsync(Encoding.UTF8.GetBytes(csv), fileName);
}
