using System.Buffers.Text;
using System.IO.Compression;
using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Marking.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Certificates;

/// <summary>
/// Open Badges 3.0 credentials: each award as a W3C Verifiable Credential (OpenBadgeCredential) signed as a VC-JWT with
/// ES256, carrying a BitstringStatusListEntry that points at the platform's revocation list, itself a signed credential.
/// Anyone can check one with the public key at /credentials/jwks.json.
/// </summary>
public sealed class OpenBadges(CredentialKeys keys, AccreditationDbContext db, SiteSettings site, SiteAddress address, Awards awards)
{
    /// <summary>The one revocation list's number.</summary>
    public const int StatusList = 1;

    /// <summary>Bits in the list (the minimum the Bitstring Status List asks for, 16 KB).</summary>
    public const int StatusListBits = 131_072;

    /// <summary>The credential of an award, as JSON-ready data: what it is against (the framework's name) and what it was decided on; every URL in it is on the site's one address.</summary>
    public Dictionary<string, object?> Credential(Award award, string frameworkName, IReadOnlyList<string> components)
    {
        var decidedOn = string.Join(" and the ", components.Select(c => c.ToLowerInvariant()));
        var root = address.BaseUrl;
        var issued = award.AwardedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var credential = new Dictionary<string, object?>
        {
            ["@context"] = new[] { "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" },
            ["id"] = $"{root}/verify/{Awards.Display(award.VerificationCode)}",
            ["type"] = new[] { "VerifiableCredential", "OpenBadgeCredential" },
            ["issuer"] = new Dictionary<string, object?> { ["id"] = $"{root}/credentials/issuer", ["type"] = new[] { "Profile" }, ["name"] = site.SiteName, ["url"] = root + "/" },
            ["name"] = award.ProgrammeName,
            ["validFrom"] = issued.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["credentialSubject"] = new Dictionary<string, object?>
            {
                ["type"] = new[] { "AchievementSubject" },
                ["name"] = award.HolderName,
                ["achievement"] = new Dictionary<string, object?>
                {
                    ["id"] = $"{root}/credentials/achievements/{award.ProgrammeId}",
                    ["type"] = new[] { "Achievement" },
                    ["name"] = award.ProgrammeName,
                    ["description"] = $"Accredited against the {frameworkName}, version {award.FrameworkVersion}, on the {decidedOn}.",
                    ["criteria"] = new Dictionary<string, object?> { ["narrative"] = $"Every component the programme's decision rule requires met: the {decidedOn}. The portfolio of evidence, endorsed by the candidate's employer, marked blind against every statement of the framework version by trained assessors and moderated." },
                },
            },
            ["credentialStatus"] = new Dictionary<string, object?>
            {
                ["id"] = $"{root}/credentials/status/{StatusList}#{award.StatusListIndex}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = award.StatusListIndex.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["statusListCredential"] = $"{root}/credentials/status/{StatusList}",
            },
        };
        if (award.ValidUntil is { } until)
        {
            credential["validUntil"] = until.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        return credential;
    }

    /// <summary>The award's credential signed as a VC-JWT (the credential is the payload, with the JWT's registered claims).</summary>
    public async Task<string> SignedAsync(Award award, CancellationToken ct)
    {
        var credential = Credential(award, await awards.FrameworkNameAsync(award, ct), await awards.ComponentNamesAsync(award, ct));
        var payload = new Dictionary<string, object?>(credential)
        {
            ["iss"] = ((Dictionary<string, object?>)credential["issuer"]!)["id"],
            ["jti"] = credential["id"],
            ["sub"] = $"urn:uuid:{award.Id}",
            ["nbf"] = new DateTimeOffset(award.AwardedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        };
        if (award.ValidUntil is { } until)
        {
            payload["exp"] = new DateTimeOffset(until.ToDateTime(new TimeOnly(23, 59, 59), DateTimeKind.Utc)).ToUnixTimeSeconds();
        }

        return await keys.SignAsync(JsonSerializer.Serialize(payload), "vc+jwt", ct);
    }

    /// <summary>The revocation list as a signed BitstringStatusListCredential (a set bit is a revoked award).</summary>
    public async Task<string> StatusListAsync(DateTimeOffset now, CancellationToken ct)
    {
        var root = address.BaseUrl;
        var revoked = await db.Set<Award>().AsNoTracking().Where(a => a.RevokedAt != null).Select(a => a.StatusListIndex).ToListAsync(ct);
        var bits = new byte[StatusListBits / 8];
        foreach (var index in revoked.Where(i => i is >= 0 and < StatusListBits))
        {
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }

        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(bits, ct);
        }

        var id = $"{root}/credentials/status/{StatusList}";
        var payload = new Dictionary<string, object?>
        {
            ["@context"] = new[] { "https://www.w3.org/ns/credentials/v2" },
            ["id"] = id,
            ["type"] = new[] { "VerifiableCredential", "BitstringStatusListCredential" },
            ["issuer"] = $"{root}/credentials/issuer",
            ["validFrom"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["credentialSubject"] = new Dictionary<string, object?>
            {
                ["id"] = id + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = "u" + Base64Url.EncodeToString(compressed.ToArray()),
            },
            ["iss"] = $"{root}/credentials/issuer",
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        return await keys.SignAsync(JsonSerializer.Serialize(payload), "vc+jwt", ct);
    }
}
