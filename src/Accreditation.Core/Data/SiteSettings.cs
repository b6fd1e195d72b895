using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Data;

/// <summary>Cached read access to site-wide settings (site name, phase banner text, contact email).</summary>
public sealed class SiteSettings(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyDictionary<string, string>? values;

    /// <summary>The service's name as shown in the header.</summary>
    public string SiteName => Get("Site:Name") ?? "Practice leader accreditation";

    /// <summary>The key of the feedback address shown in the phase banner.</summary>
    public const string FeedbackUrlKey = "Site:FeedbackUrl";

    /// <summary>The phase shown in the phase banner (alpha, beta), or null for none.</summary>
    public string? Phase => Get("Site:Phase");

    /// <summary>
    /// Whether a value may be the feedback link: an https or http address, a mailto: address, or a path on this site
    /// (never javascript: or a protocol-relative //host).
    /// </summary>
    public static bool IsFeedbackAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && !value.Any(char.IsWhiteSpace)
        && ((value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal))
            || (Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && (((uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0) || (uri.Scheme == Uri.UriSchemeMailto && uri.UserInfo.Length > 0))));

    /// <summary>A setting's value, or null.</summary>
    public string? Get(string key) => Values().TryGetValue(key, out var value) ? value : null;

    /// <summary>Forgets cached values so the next read sees the database.</summary>
    public void Reset() => values = null;

    private IReadOnlyDictionary<string, string> Values()
    {
        var snapshot = values;
        if (snapshot is null)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
            snapshot = db.SiteSettings.AsNoTracking().ToDictionary(s => s.Key, s => s.Value);
            values = snapshot;
        }

        return snapshot;
    }
}
