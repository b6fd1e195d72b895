using Accreditation.Frameworks;

namespace Accreditation.Marking.Certificates;

/// <summary>The name people read for the framework an award was made against; its key is for storage and credentials only.</summary>
public static class FrameworkNames
{
    /// <summary>
    /// The name of the framework version the award names, else of the framework's current version (a version may be
    /// withdrawn from the catalogue); the key in words only when neither is published.
    /// </summary>
    public static async Task<string> OfAsync(IFrameworkCatalog frameworks, string key, int version, CancellationToken ct)
    {
        var named = await frameworks.GetVersionAsync(key, version, ct) ?? await frameworks.GetCurrentAsync(key, ct);
        return named?.Name ?? Core.Text.Words.Of(string.Concat(key.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])));
    }
}
