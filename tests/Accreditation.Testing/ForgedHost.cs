using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace Accreditation.Testing;

/// <summary>
/// Requests whose Host and X-Forwarded-Host headers an attacker chose, and checks that every absolute URL in an answer
/// (a page, a feed, a signed credential, an email) is on the site's configured address instead.
/// </summary>
public static partial class ForgedHost
{
    /// <summary>The host an attacker controls.</summary>
    public const string Evil = "evil.example";

    /// <summary>Sends every later request of the client with <c>Host: evil.example</c> and the forwarded headers a proxy would add.</summary>
    public static HttpClient WithForgedHost(this HttpClient client)
    {
        client.DefaultRequestHeaders.Host = Evil;
        client.DefaultRequestHeaders.Remove("X-Forwarded-Host");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", Evil);
        return client;
    }

    /// <summary>A GET of <paramref name="pathAndQuery"/> addressed to the attacker's host (over https), with X-Forwarded-Host too.</summary>
    public static HttpRequestMessage Get(string pathAndQuery)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://{Evil}{pathAndQuery}");
        request.Headers.Host = Evil;
        request.Headers.Add("X-Forwarded-Host", Evil);
        return request;
    }

    /// <summary>Every http(s) URL in a text (JSON, XML, HTML or a JWT's decoded parts).</summary>
    public static IReadOnlyList<string> UrlsIn(string text) => Url().Matches(text).Select(m => m.Value).ToList();

    /// <summary>The decoded header and payload of a compact JWS, as text.</summary>
    public static string DecodeJwt(string jwt)
    {
        var parts = jwt.Trim().Split('.');
        return string.Join("\n", parts.Take(2).Select(p => Encoding.UTF8.GetString(Convert.FromBase64String(p.Replace('-', '+').Replace('_', '/').PadRight(p.Length + ((4 - (p.Length % 4)) % 4), '=')))));
    }

    /// <summary>
    /// Asserts the text names the attacker's host nowhere, and that each of its URLs is on <paramref name="address"/> or
    /// starts with one of <paramref name="elsewhere"/> (vocabularies such as https://www.w3.org/).
    /// </summary>
    public static void AssertOnlyOn(string address, string text, int atLeast = 1, params string[] elsewhere)
    {
        Assert.DoesNotContain(Evil, text, StringComparison.OrdinalIgnoreCase);
        var root = address.TrimEnd('/') + "/";
        var ours = 0;
        foreach (var url in UrlsIn(text))
        {
            if (url.StartsWith(root, StringComparison.Ordinal) || url == root.TrimEnd('/'))
            {
                ours++;
                continue;
            }

            Assert.True(elsewhere.Any(e => url.StartsWith(e, StringComparison.Ordinal)), $"{url} is not on {root}");
        }

        Assert.True(ours >= atLeast, $"Expected at least {atLeast} URLs on {root}; found {ours} in: {text}");
    }

    [GeneratedRegex(@"https?://[^\s""'<>\\]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
