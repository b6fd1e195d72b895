using System.Globalization;
using System.Security.Cryptography;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>What an endorsement link turned out to be.</summary>
public enum LinkState
{
    /// <summary>Genuine, in date and still wanted.</summary>
    Valid,

    /// <summary>Not a link this service made, or changed since.</summary>
    Tampered,

    /// <summary>Genuine but past its expiry.</summary>
    Expired,

    /// <summary>Genuine but replaced by a later request.</summary>
    Withdrawn,
}

/// <summary>The outcome of reading an endorsement link.</summary>
public sealed record LinkCheck(LinkState State, Endorsement? Endorsement);

/// <summary>
/// Makes and reads the signed, expiring links endorsers follow. The token is a data-protection payload (purpose
/// string below) holding the endorsement id, a random nonce and the expiry, checked against the injected
/// <see cref="TimeProvider"/>: ITimeLimitedDataProtector would check its expiry against the system clock instead, which
/// tests cannot move and the rest of the service does not use.
/// </summary>
public sealed class EndorsementLinks(IDataProtectionProvider protection, AccreditationDbContext db, TimeProvider clock)
{
    /// <summary>The data-protection purpose of endorsement links.</summary>
    public const string Purpose = "Accreditation.Portfolios.EndorsementLink.v1";

    /// <summary>How long a link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    private readonly IDataProtector protector = protection.CreateProtector(Purpose);

    /// <summary>A new random nonce.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The token for an endorsement request.</summary>
    public string TokenFor(Endorsement endorsement) =>
        protector.Protect(string.Join('|', "e1", endorsement.Id.ToString("N"), endorsement.Nonce, endorsement.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads a token: tampered, expired, withdrawn or valid (with the endorsement, tracked for an answer).</summary>
    public async Task<LinkCheck> CheckAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2000)
        {
            return new LinkCheck(LinkState.Tampered, null);
        }

        string payload;
        try
        {
            payload = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return new LinkCheck(LinkState.Tampered, null);
        }

        var parts = payload.Split('|');
        if (parts.Length != 4 || parts[0] != "e1" || !Guid.TryParseExact(parts[1], "N", out var id)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new LinkCheck(LinkState.Tampered, null);
        }

        var endorsement = await db.Set<Endorsement>().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endorsement is null || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(endorsement.Nonce), System.Text.Encoding.ASCII.GetBytes(parts[2])))
        {
            return new LinkCheck(LinkState.Tampered, null);
        }

        if (endorsement.Status == EndorsementStatus.Withdrawn)
        {
            return new LinkCheck(LinkState.Withdrawn, endorsement);
        }

        var now = clock.GetUtcNow();
        if (now >= DateTimeOffset.FromUnixTimeSeconds(expires) || now >= endorsement.ExpiresAt)
        {
            return new LinkCheck(LinkState.Expired, endorsement);
        }

        return new LinkCheck(LinkState.Valid, endorsement);
    }
}
