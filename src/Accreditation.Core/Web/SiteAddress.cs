using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Web;

/// <summary>
/// The site's public address, for links that leave the site (emails, credentials). <c>Site:BaseUrl</c> (an absolute
/// http(s) URL) wins; without it the request's own scheme and host are used, which trusts the Host header, so production
/// sets <c>Site:BaseUrl</c> (outside Development and Testing a warning is logged once when it does not). Never a link built from a header an attacker
/// chooses when the address is configured: password-reset and invitation links cannot be pointed elsewhere.
/// </summary>
public sealed class SiteAddress(IConfiguration configuration, IHostEnvironment environment, ILogger<SiteAddress> logger)
{
    private int warned;

    /// <summary>The configured base address, or null.</summary>
    public Uri? Configured =>
        Uri.TryCreate(configuration["Site:BaseUrl"], UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    /// <summary>The site's root (ending in "/") for a link made while handling <paramref name="request"/>.</summary>
    public Uri RootFor(HttpRequest request)
    {
        if (Configured is { } configured)
        {
            return configured;
        }

        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing") && Interlocked.Exchange(ref warned, 1) == 0)
        {
            logger.LogWarning("Site:BaseUrl is not set: links in emails use the address of the request that made them. Set it in production.");
        }

        return new Uri($"{request.Scheme}://{request.Host}/");
    }

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (starting with "/").</summary>
    public string Link(HttpRequest request, string pathAndQuery) => new Uri(RootFor(request), pathAndQuery).ToString();
}
