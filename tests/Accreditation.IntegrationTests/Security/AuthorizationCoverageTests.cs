using System.Net;
using Accreditation.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Security;

/// <summary>
/// Every page and endpoint needs a signed-in person unless it is explicitly marked [AllowAnonymous]: the test walks
/// every route the site serves, so a page or endpoint added later is covered without anyone remembering to add it.
/// </summary>
public sealed class AuthorizationCoverageTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_sign_in_from_every_route_not_marked_allow_anonymous()
    {
        var routes = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var protectedRoutes = routes.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        var client = site.CreateBrowserLikeClient();
        var failures = new List<string>();

        foreach (var endpoint in protectedRoutes)
        {
            var method = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : HttpMethods.Get;
            var url = SampleUrl(endpoint.RoutePattern);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            if (url.StartsWith("/api/", StringComparison.Ordinal))
            {
                // The API is for systems with bearer tokens: no token, 401 with a Bearer challenge (never a sign-in page).
                if (response.StatusCode != HttpStatusCode.Unauthorized || !response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Bearer"))
                {
                    failures.Add($"{method} {url} ({endpoint.DisplayName}) answered {(int)response.StatusCode} without a Bearer challenge");
                }

                continue;
            }

            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.AbsolutePath != "/account/sign-in")
            {
                failures.Add($"{method} {url} ({endpoint.DisplayName}) answered {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.Empty(failures);
        // The walk must have found the pages we know need a signed-in person, or it proved nothing.
        Assert.Contains(protectedRoutes, e => e.RoutePattern.RawText == "admin/modules");
        Assert.Contains(protectedRoutes, e => e.RoutePattern.RawText == "account/change-password");
        Assert.Contains(protectedRoutes, e => e.RoutePattern.RawText?.TrimStart('/') == "admin/clients");
        Assert.Contains(protectedRoutes, e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1/", StringComparison.Ordinal) == true);
    }

    /// <summary>A concrete address for a route: literal segments as they are, parameters given a value their constraints accept.</summary>
    private static string SampleUrl(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart { IsOptional: true } or RoutePatternParameterPart { IsCatchAll: true } => "",
                RoutePatternParameterPart parameter => SampleValue(parameter),
                _ => "",
            }));
            if (text.Length > 0)
            {
                segments.Add(text);
            }
        }

        return "/" + string.Join('/', segments);
    }

    private static string SampleValue(RoutePatternParameterPart parameter)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? "").ToList();
        return constraints switch
        {
            _ when constraints.Any(c => c.StartsWith("int", StringComparison.Ordinal) || c.StartsWith("long", StringComparison.Ordinal)) => "1",
            _ when constraints.Contains("guid") => "00000000-0000-0000-0000-000000000001",
            _ when constraints.Contains("bool") => "true",
            _ => "sample",
        };
    }
}
