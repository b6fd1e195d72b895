using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Core.Web;

/// <summary>
/// The site's one public address, <c>Site:BaseUrl</c>: every absolute URL the site emits (emails, credentials and their
/// revocation list, the issuer profile, the Atom feed, OpenID Connect's issuer and endpoints) is built from it and never
/// from the request, whose Host and X-Forwarded-Host headers anyone can choose. Outside Development and Testing the site
/// refuses to start without it; in Development and Testing it defaults to <see cref="LocalDefault"/>.
/// </summary>
public sealed class SiteAddress
{
    /// <summary>The configuration key.</summary>
    public const string Key = "Site:BaseUrl";

    /// <summary>The address in Development and Testing when none is configured (where <c>dotnet run</c> serves the site).</summary>
    public const string LocalDefault = "http://localhost:5080/";

    /// <summary>Keys that earlier versions read for parts of the site; still honoured when they agree, with a warning.</summary>
    public static readonly IReadOnlyList<string> DeprecatedKeys = ["Publishing:BaseUrl", "Research:BaseUrl", "OpenIddict:Issuer"];

    /// <summary>Uses <paramref name="root"/> (an absolute http(s) address) as the site's address.</summary>
    public SiteAddress(Uri root, IReadOnlyList<string>? deprecatedKeysInUse = null)
    {
        Root = Normalise(root) ?? throw new ArgumentException("The site's address must be an absolute http(s) address without a path.", nameof(root));
        DeprecatedKeysInUse = deprecatedKeysInUse ?? [];
    }

    /// <summary>The site's root, always ending in "/", e.g. https://accreditation.example.gov.uk/.</summary>
    public Uri Root { get; }

    /// <summary>The root without its trailing slash, for templates that append "/path".</summary>
    public string BaseUrl => Root.AbsoluteUri.TrimEnd('/');

    /// <summary>The host name requests must carry (host filtering), in its ASCII form.</summary>
    public string Host => Root.IdnHost;

    /// <summary>Deprecated keys the configuration still sets (the host logs a warning naming them).</summary>
    public IReadOnlyList<string> DeprecatedKeysInUse { get; }

    /// <summary>
    /// The absolute URL of a path on this site (starting with a single "/"). A path that would leave the site ("//host",
    /// "/\host") is refused, so a link can never be pointed at another host through its path either.
    /// </summary>
    public string Link(string pathAndQuery) => Of(pathAndQuery).AbsoluteUri;

    /// <summary>The absolute URI of a path on this site (see <see cref="Link"/>).</summary>
    public Uri Of(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!pathAndQuery.StartsWith('/') || pathAndQuery.StartsWith("//", StringComparison.Ordinal) || pathAndQuery.StartsWith("/\\", StringComparison.Ordinal))
        {
            throw new ArgumentException($"A site path starts with one '/': '{pathAndQuery}'.", nameof(pathAndQuery));
        }

        return new Uri(Root, pathAndQuery);
    }

    /// <summary>
    /// Reads the address from configuration. Throws with a message naming the key when it is missing outside Development
    /// and Testing, when it is not an absolute address without a path (https outside Development and Testing), or when a
    /// deprecated key says something else.
    /// </summary>
    public static SiteAddress FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var local = environment.IsDevelopment() || environment.IsEnvironment("Testing");
        var configured = configuration[Key];
        var deprecated = DeprecatedKeys
            .Select(key => (Key: key, Value: configuration[key]))
            .Where(k => !string.IsNullOrWhiteSpace(k.Value))
            .ToList();

        Uri? root = null;
        string source = Key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            root = Parse(Key, configured, local);
        }
        else if (deprecated.Count > 0)
        {
            source = deprecated[0].Key;
            root = Parse(source, deprecated[0].Value!, local);
        }
        else if (local)
        {
            return new SiteAddress(new Uri(LocalDefault));
        }
        else
        {
            throw new InvalidOperationException(
                $"{Key} is not set. Outside Development every absolute link the site emits (emails, Open Badges credentials and " +
                "their revocation list, the Atom feed, OpenID Connect discovery) is built from it, never from the request's Host " +
                $"header. Set it to the site's public https address on every web node, e.g. --{Key}=https://accreditation.example.gov.uk " +
                "(environment variable Site__BaseUrl).");
        }

        foreach (var (key, value) in deprecated.Where(d => d.Key != source))
        {
            if (Parse(key, value!, local) != root)
            {
                throw new InvalidOperationException(
                    $"{key} ({value}) says something else than {source} ({root}). {key} is no longer read: the site has one address, {Key}. Remove {key}.");
            }
        }

        return new SiteAddress(root, deprecated.Select(d => d.Key).ToList());
    }

    private static Uri Parse(string key, string value, bool local)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || Normalise(uri) is not { } root)
        {
            throw new InvalidOperationException(
                $"{key} must be the site's address: an absolute http(s) address with no path, query or user name, like https://accreditation.example.gov.uk (it is '{value}').");
        }

        if (!local && root.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{key} must be an https address outside Development (it is '{value}'): links in emails and credentials must not be sent in the clear.");
        }

        return root;
    }

    // The address as scheme://host[:port]/, or null when it is not one (a path, query, fragment or user name).
    private static Uri? Normalise(Uri uri)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.UserInfo.Length > 0 ||
            uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.Host.Length == 0)
        {
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
