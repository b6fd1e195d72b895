using System.Security.Cryptography;
using System.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Identity's store with its two-factor secrets kept safe at rest: the authenticator key is encrypted with the
/// data-protection key ring, and recovery codes are kept only as salted PBKDF2 hashes (a code is checked, never read
/// back). Values written before this store existed (clear text) are still read, and rewritten safely by
/// <see cref="TwoFactorSecretsUpgrade"/> at start-up.
/// </summary>
public sealed class PlatformUserStore(AccreditationDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<PlatformUser, PlatformRole, AccreditationDbContext, string>(context, describer)
{
    /// <summary>Identity's own login provider name for the tokens it keeps about an account.</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";

    /// <summary>The token holding the authenticator key.</summary>
    public const string AuthenticatorKeyToken = "AuthenticatorKey";

    /// <summary>The token holding the recovery codes.</summary>
    public const string RecoveryCodesToken = "RecoveryCodes";

    /// <summary>Marks an authenticator key encrypted by this store.</summary>
    public const string ProtectedKeyPrefix = "dp1:";

    /// <summary>Marks recovery codes hashed by this store: "h1:{salt}:{hash};{hash}...".</summary>
    public const string HashedCodesPrefix = "h1:";

    // The codes are random (about 50 bits each); PBKDF2 makes trying them all against a stolen table costly, while
    // one attempt costs a few milliseconds (the salt is per account, so one derivation checks every code).
    private const int Iterations = 10_000;

    private readonly IDataProtector keys = protection.CreateProtector("Accreditation.Identity.AuthenticatorKey.v1");

    /// <inheritdoc />
    public override Task SetAuthenticatorKeyAsync(PlatformUser user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyToken, ProtectKey(key), cancellationToken);

    /// <inheritdoc />
    public override async Task<string?> GetAuthenticatorKeyAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, AuthenticatorKeyToken, cancellationToken);
        return UnprotectKey(stored);
    }

    /// <inheritdoc />
    public override Task ReplaceCodesAsync(PlatformUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, HashCodes(recoveryCodes), cancellationToken);

    /// <inheritdoc />
    public override async Task<int> CountCodesAsync(PlatformUser user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, cancellationToken);
        return ReadCodes(stored).Hashes.Count;
    }

    /// <inheritdoc />
    public override async Task<bool> RedeemCodeAsync(PlatformUser user, string code, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, cancellationToken);
        var (salt, hashes) = ReadCodes(stored);
        var hash = HashCode(salt, code);
        var match = hashes.FindIndex(h => CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(h), hash));
        if (match < 0)
        {
            return false;
        }

        hashes.RemoveAt(match);
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, Format(salt, hashes), cancellationToken);
        return true;
    }

    /// <summary>The stored form of an authenticator key.</summary>
    public string ProtectKey(string key) => ProtectedKeyPrefix + keys.Protect(key);

    /// <summary>An authenticator key from its stored form (clear text from before protection is read as it is).</summary>
    public string? UnprotectKey(string? stored) =>
        stored is not null && stored.StartsWith(ProtectedKeyPrefix, StringComparison.Ordinal) ? keys.Unprotect(stored[ProtectedKeyPrefix.Length..]) : stored;

    /// <summary>The stored form of a set of recovery codes (a new salt each time).</summary>
    public static string HashCodes(IEnumerable<string> codes)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return Format(salt, codes.Select(c => Convert.ToBase64String(HashCode(salt, c))).ToList());
    }

    /// <summary>The salt and the hashes of stored recovery codes; clear codes from before hashing are hashed on reading.</summary>
    private static (byte[] Salt, List<string> Hashes) ReadCodes(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return ([], []);
        }

        if (!stored.StartsWith(HashedCodesPrefix, StringComparison.Ordinal))
        {
            var legacySalt = RandomNumberGenerator.GetBytes(16);
            return (legacySalt, stored.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(c => Convert.ToBase64String(HashCode(legacySalt, c))).ToList());
        }

        var parts = stored[HashedCodesPrefix.Length..].Split(':', 2);
        return (Convert.FromBase64String(parts[0]), parts[1].Split(';', StringSplitOptions.RemoveEmptyEntries).ToList());
    }

    private static string Format(byte[] salt, IEnumerable<string> hashes) =>
        HashedCodesPrefix + Convert.ToBase64String(salt) + ":" + string.Join(';', hashes);

    /// <summary>Codes are compared without spaces or hyphens and in upper case, as people copy them in different ways.</summary>
    private static byte[] HashCode(byte[] salt, string code)
    {
        var normalised = new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray()).ToUpperInvariant();
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalised), salt, Iterations, HashAlgorithmName.SHA256, 32);
    }
}
