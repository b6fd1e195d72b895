using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Accreditation.Core.Contracts;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.OpenIdConnect.Tests.Api;

/// <summary>A local authority's system reads its own practitioners through /api/v1 with a client-credentials token, and nobody else's.</summary>
public sealed class AccreditationApiTests(ConnectSite site) : IClassFixture<ConnectSite>
{
    private static readonly Guid Northshire = Guid.Parse("0b7c61c4-2f0e-4d8a-9a53-6f1e2a0c0001");
    private static readonly Guid Southvale = Guid.Parse("0b7c61c4-2f0e-4d8a-9a53-6f1e2a0c0002");

    private static readonly Guid Westmarch = Guid.Parse("0b7c61c4-2f0e-4d8a-9a53-6f1e2a0c0003");

    private async Task<HttpClient> SystemWithTokenAsync(string clientId, string scope, Guid? organisation = null)
    {
        var secret = await site.RegisterClientAsync(ConnectSite.System(clientId, organisation ?? Northshire, scope.Split(' ')));
        var http = site.CreateSystemClient();
        var client = new OidcClient(http, clientId, secret, "");
        await client.DiscoverAsync();
        var token = await client.ClientCredentialsAsync(scope);
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["access_token"]);
        return http;
    }

    [Fact]
    public async Task A_system_reads_the_practitioners_of_its_own_organisation_with_empty_status_until_accreditation_exists()
    {
        var amara = await site.CreatePersonAsync("amara@westmarch.example.gov.uk", configure: p => { p.OrganisationId = Westmarch; p.DisplayName = "Amara Okafor"; });
        await site.CreatePersonAsync("tom@southvale.example.gov.uk", configure: p => p.OrganisationId = Southvale);
        var http = await SystemWithTokenAsync("westmarch-reporting", "accreditation.read cpd.read", Westmarch);

        var response = await http.GetAsync($"/api/v1/organisations/{Westmarch}/practitioners");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var practitioners = json.GetProperty("practitioners").EnumerateArray().ToList();
        var only = Assert.Single(practitioners);
        Assert.Equal(amara, only.GetProperty("id").GetString());
        Assert.Equal("Amara Okafor", only.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, only.GetProperty("accreditation").GetProperty("status").ValueKind);
        Assert.Equal(0, only.GetProperty("cpd").GetProperty("records").GetInt32());

        var one = await http.GetAsync($"/api/v1/practitioners/{amara}/accreditation");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
    }

    [Fact]
    public async Task A_large_organisations_practitioners_come_a_hundred_a_page_with_the_total_and_the_next_pages_address()
    {
        var eastfield = Guid.Parse("0b7c61c4-2f0e-4d8a-9a53-6f1e2a0c0010");
        await site.WithScopeAsync(async sp =>
        {
            await People.EnsureOrganisationAsync(sp, eastfield);
            var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
            db.Users.AddRange(Enumerable.Range(1, 130).Select(i => new Accreditation.Core.Identity.PlatformUser
            {
                UserName = $"p{i:000}@eastfield.example.gov.uk", NormalizedUserName = $"P{i:000}@EASTFIELD.EXAMPLE.GOV.UK", Email = $"p{i:000}@eastfield.example.gov.uk",
                NormalizedEmail = $"P{i:000}@EASTFIELD.EXAMPLE.GOV.UK", DisplayName = $"Practitioner {i:000}", OrganisationId = eastfield, SecurityStamp = Guid.NewGuid().ToString("N"),
            }));
            await db.SaveChangesAsync();
        });
        var http = await SystemWithTokenAsync("eastfield-reporting", "accreditation.read cpd.read", eastfield);

        var first = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/organisations/{eastfield}/practitioners")).RootElement;
        var second = JsonDocument.Parse(await http.GetStringAsync(first.GetProperty("next").GetString())).RootElement;

        Assert.Equal(100, first.GetProperty("practitioners").GetArrayLength());
        Assert.Equal(130, first.GetProperty("total").GetInt32());
        Assert.Equal("Practitioner 001", first.GetProperty("practitioners")[0].GetProperty("name").GetString());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(30, second.GetProperty("practitioners").GetArrayLength());
        Assert.Equal("Practitioner 101", second.GetProperty("practitioners")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/v1/organisations/{eastfield}/practitioners?page=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/v1/organisations/{eastfield}/practitioners?page=two")).StatusCode);
    }

    [Fact]
    public async Task Another_organisations_practitioners_answer_403()
    {
        var tom = await site.CreatePersonAsync("tom2@southvale.example.gov.uk", configure: p => p.OrganisationId = Southvale);
        var http = await SystemWithTokenAsync("northshire-curious", "accreditation.read");

        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/organisations/{Southvale}/practitioners")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/practitioners/{tom}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/practitioners/{tom}/accreditation")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_practitioner_answers_404()
    {
        var http = await SystemWithTokenAsync("northshire-unknown", "accreditation.read");

        var response = await http.GetAsync($"/api/v1/practitioners/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_system_cannot_get_a_scope_it_was_not_granted_nor_use_an_endpoint_of_another_scope()
    {
        var secret = await site.RegisterClientAsync(ConnectSite.System("northshire-cpd-only", Northshire, "cpd.read"));
        var client = new OidcClient(site.CreateSystemClient(), "northshire-cpd-only", secret, "");
        await client.DiscoverAsync();

        var refused = await client.ClientCredentialsAsync("accreditation.read");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        var http = await SystemWithTokenAsync("northshire-cpd-reader", "cpd.read");
        var amara = await site.CreatePersonAsync("amara3@northshire.example.gov.uk", configure: p => p.OrganisationId = Northshire);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/v1/practitioners/{amara}/accreditation")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/practitioners/{amara}/cpd")).StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_api_answers_401_and_a_persons_cookie_is_not_enough()
    {
        var browser = site.CreateBrowser();
        await browser.SignInAsAdminAsync();

        var response = await browser.GetAsync($"/api/v1/organisations/{Northshire}/practitioners");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertBearerChallengeAsync(response);
    }

    [Fact]
    public async Task A_bad_token_is_a_401_and_a_token_without_the_scope_a_403_each_a_bearer_challenge_with_a_json_error()
    {
        var anonymous = site.CreateSystemClient();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        var bad = await anonymous.GetAsync($"/api/v1/organisations/{Northshire}/practitioners");
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("invalid_token", await AssertBearerChallengeAsync(bad));
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.CreateSystemClient().GetAsync($"/api/v1/practitioners/{Guid.NewGuid()}")).StatusCode);
        await AssertBearerChallengeAsync(await site.CreateSystemClient().GetAsync($"/api/v1/practitioners/{Guid.NewGuid()}"));

        var http = await SystemWithTokenAsync("northshire-cpd-only-challenge", "cpd.read");
        var amara = await site.CreatePersonAsync("amara-challenge@northshire.example.gov.uk", configure: p => p.OrganisationId = Northshire);
        var forbidden = await http.GetAsync($"/api/v1/practitioners/{amara}/accreditation");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await AssertBearerChallengeAsync(forbidden);
    }

    [Fact]
    public async Task Client_credentials_asking_for_openid_is_refused_with_invalid_scope_and_no_id_token()
    {
        var input = new Accreditation.Identity.Clients.ClientInput("northshire-mixed", "Mixed system", "confidential", true, ["https://app.example.gov.uk/signin-oidc"], [],
            ["authorization_code", "client_credentials"], ["openid", "profile", "accreditation.read"], Northshire);
        var secret = await site.RegisterClientAsync(input);
        var client = new OidcClient(site.CreateSystemClient(), "northshire-mixed", secret, "");
        await client.DiscoverAsync();

        var refused = await client.ClientCredentialsAsync("openid accreditation.read");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("invalid_scope", refused.Error);
        Assert.Null(refused["id_token"]);
        Assert.Null(refused["access_token"]);
        var allowed = await client.ClientCredentialsAsync("accreditation.read");
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Null(allowed["id_token"]);
    }

    // A 401 or 403 to a system: WWW-Authenticate: Bearer with the error, and the same error as JSON; returns the error.
    private static async Task<string> AssertBearerChallengeAsync(HttpResponseMessage response)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var error = body.GetProperty("error").GetString()!;
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
        Assert.Contains($"error=\"{error}\"", challenge.Parameter, StringComparison.Ordinal);
        return error;
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_lists_the_endpoints()
    {
        var response = await site.CreateSystemClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/organisations/{organisationId}/practitioners", paths);
        Assert.Contains("/api/v1/practitioners/{practitionerId}", paths);
        Assert.Contains("/api/v1/practitioners/{practitionerId}/accreditation", paths);
        Assert.Contains("/api/v1/practitioners/{practitionerId}/cpd", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p, StringComparison.Ordinal));
        Assert.Equal("Practice leader accreditation API", document.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_openapi_document_gives_each_status_code_with_the_words_the_service_shows()
    {
        var document = JsonDocument.Parse(await site.CreateSystemClient().GetStringAsync("/openapi/v1.json")).RootElement;
        var status = document.GetProperty("components").GetProperty("schemas").GetProperty("AccreditationStatus").GetProperty("properties");
        var codes = status.GetProperty("status").GetProperty("description").GetString()!;
        foreach (var (code, words) in new[] { ("accredited", "Accredited"), ("not-yet-accredited", "Not yet accredited"), ("in-assessment", "Being assessed"), ("lapsed", "Lapsed"), ("revoked", "Revoked") })
        {
            Assert.Contains($"\"{code}\" ({words})", codes, StringComparison.Ordinal);
        }

        Assert.Contains("\"Not yet accredited\"", status.GetProperty("statusText").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-accredited\"", codes, StringComparison.Ordinal);
    }
}
