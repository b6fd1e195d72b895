using System.Net;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.Security;

/// <summary>Every response carries the security headers: pages, redirects, errors, static files and health checks.</summary>
public sealed class SecurityHeadersTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },                                              // a public page
        { "/account/sign-in", HttpStatusCode.OK },                               // a form
        { "/admin/modules", HttpStatusCode.Redirect },                           // a redirect to sign-in
        { "/error/404", HttpStatusCode.NotFound },                               // an error page
        { "/_content/Accreditation.Theme/js/init.js", HttpStatusCode.OK },       // a static file
        { "/health/live", HttpStatusCode.OK },                                   // a health check
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task Every_response_carries_a_strict_content_security_policy_and_the_other_security_headers(string url, HttpStatusCode status)
    {
        var client = site.CreateBrowserLikeClient();

        var response = await client.GetAsync(url);

        Assert.Equal(status, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("default-src 'self'", directives);
        Assert.Contains("script-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("object-src 'none'", directives);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task A_page_that_is_not_found_still_carries_the_security_headers()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/sign-in")]
    public async Task Pages_hold_no_inline_script_that_the_policy_would_block(string url)
    {
        var document = await site.CreateBrowserLikeClient().GetDocumentAsync(url);

        Assert.All(document.QuerySelectorAll("script"), script => Assert.False(string.IsNullOrEmpty(script.GetAttribute("src")), "inline <script>"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(document.All, e => e.HasAttribute("style"));
    }

    [Theory]
    [InlineData("/", "form-action 'self'")]
    [InlineData("/admin/modules", "form-action 'self'")]
    [InlineData("/account/sign-in", "form-action 'self' https:")]
    [InlineData("/connect/authorize", "form-action 'self' https:")]
    public async Task Forms_may_lead_to_another_site_only_from_the_sign_in_and_authorization_pages(string url, string expected)
    {
        var response = await site.CreateBrowserLikeClient().GetAsync(url);

        var directives = Header(response, "Content-Security-Policy").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, Assert.Single(directives, d => d.StartsWith("form-action", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Over_plain_http_in_testing_no_strict_transport_security_is_sent()
    {
        var response = await site.CreateClient().GetAsync("/");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} has no {name} header.");
}
