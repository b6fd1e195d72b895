using System.Net;
using Accreditation.Core.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Accreditation.IntegrationTests.Security;

/// <summary>What only a production host does: HSTS, data-protection keys encrypted at rest, JSON logs.</summary>
public sealed class ProductionTests(ProductionSite site) : IClassFixture<ProductionSite>
{
    [Fact]
    public async Task Over_https_in_production_every_page_asks_browsers_to_use_https_only_for_a_year()
    {
        var client = site.CreateHttpsClient();

        foreach (var url in new[] { "/", "/account/sign-in", "/admin/modules" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var values), $"{url} has no HSTS header");
            var hsts = Assert.Single(values);
            Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
            Assert.Contains("includeSubDomains", hsts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_requests_for_the_sites_own_host_are_answered_and_discovery_names_that_host()
    {
        var client = site.CreateHttpsClient();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        forged.Headers.Host = ForgedHost.Evil;

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var discovery = await client.GetStringAsync("/.well-known/openid-configuration");
        ForgedHost.AssertOnlyOn("https://accreditation.example.gov.uk", discovery, atLeast: 6);
        Assert.Contains("\"issuer\": \"https://accreditation.example.gov.uk/\"", discovery.Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_in_the_database_encrypted_with_the_configured_certificate()
    {
        var client = site.CreateHttpsClient();
        await client.SignInAsAdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/modules")).StatusCode);

        var keys = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().DataProtectionKeys.Select(k => k.Xml!).ToListAsync());

        var key = Assert.Single(keys);
        Assert.Contains("http://www.w3.org/2001/04/xmlenc#", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        Assert.DoesNotContain(site.ServerProblems, p => p.Contains("DataProtection", StringComparison.Ordinal));
    }

    [Fact]
    public void Passkeys_belong_to_the_sites_own_domain_whatever_host_a_request_names()
    {
        var options = site.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Identity.IdentityPasskeyOptions>>().Value;

        Assert.Equal("accreditation.example.gov.uk", options.ServerDomain);
        Assert.Equal("required", options.UserVerificationRequirement);
    }

    [Fact]
    public void Logs_are_written_as_json_lines_with_scopes_and_utc_timestamps()
    {
        var console = site.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = site.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }
}
