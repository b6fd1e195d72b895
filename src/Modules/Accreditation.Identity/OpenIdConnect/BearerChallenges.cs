using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// 401 and 403 answers to systems that call with a bearer token (the API under /api/v1, /connect/userinfo, and any
/// answer OpenIddict gave a Bearer challenge): a <c>WWW-Authenticate: Bearer</c> header with the error (RFC 6750) and
/// the same error as JSON (<c>error</c>, <c>error_description</c>), never the HTML error page people see.
/// </summary>
public static partial class BearerChallenges
{
    /// <summary>Paths answered to bearer-token callers.</summary>
    public static readonly IReadOnlyList<PathString> BearerPaths = [new("/api/v1"), new("/connect/userinfo")];

    /// <summary>Middleware: place it inside the status-code pages and around authentication and authorization.</summary>
    public static IApplicationBuilder UseBearerChallenges(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.HasStarted || response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden) ||
                response.ContentLength > 0 || !string.IsNullOrEmpty(response.ContentType))
            {
                return;
            }

            var challenge = response.Headers.WWWAuthenticate.FirstOrDefault(h => h?.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) == true);
            if (challenge is null && !BearerPaths.Any(p => context.Request.Path.StartsWithSegments(p)))
            {
                return;
            }

            var parameters = challenge is null ? [] : Parameters(challenge);
            var forbidden = response.StatusCode == StatusCodes.Status403Forbidden;
            var error = parameters.GetValueOrDefault("error") ?? (forbidden ? "insufficient_scope" : "invalid_token");
            var description = parameters.GetValueOrDefault("error_description") ?? (forbidden
                ? "The access token does not allow this request."
                : "This needs a valid access token, sent as 'Authorization: Bearer <token>'.");
            if (challenge is null || !parameters.ContainsKey("error"))
            {
                response.Headers.WWWAuthenticate = $"Bearer error=\"{Quote(error)}\", error_description=\"{Quote(description)}\"";
            }

            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            response.Headers.CacheControl = "no-store";
            await response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, context.RequestAborted);
        });

    /// <summary>The auth-params of a challenge (<c>Bearer error="invalid_token", error_description="..."</c>).</summary>
    public static Dictionary<string, string> Parameters(string challenge)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in Parameter().Matches(challenge))
        {
            var value = match.Groups["quoted"].Success ? Unquote(match.Groups["quoted"].Value) : match.Groups["token"].Value;
            result.TryAdd(match.Groups["name"].Value, value);
        }

        return result;
    }

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Unquote(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            text.Append(value[i] == '\\' && i + 1 < value.Length ? value[++i] : value[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex("""(?<name>[A-Za-z0-9_\-]+)\s*=\s*(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<token>[^\s,"]+))""", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}
