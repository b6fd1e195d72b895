using System.Security.Cryptography;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Accreditation.Identity.TwoFactor;

/// <summary>The last authenticator-app time step a person used: a code for that step or an earlier one is refused.</summary>
public sealed class AuthenticatorCodeUse
{
    /// <summary>The person.</summary>
    public required string UserId { get; set; }

    /// <summary>The 30-second time step (seconds since 1970 / 30) of the last code accepted.</summary>
    public long LastTimeStep { get; set; }

    /// <summary>The table.</summary>
    public static void Configure(ModelBuilder builder) => builder.Entity<AuthenticatorCodeUse>(e =>
    {
        e.ToTable("AuthenticatorCodeUses");
        e.HasKey(u => u.UserId);
        e.Property(u => u.UserId).HasMaxLength(450);
        e.HasOne<PlatformUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>
/// Checks codes from an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps, HMAC-SHA1) by the site's clock,
/// accepting the current step and one either side (clock drift), and each step once per person: the step of an
/// accepted code is recorded in the database by one conditional write, so a code cannot be replayed in another
/// session or on another node, nor an older one used after a newer one.
/// </summary>
public sealed class AuthenticatorCodes(AccreditationDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<PlatformUser>
{
    /// <summary>The provider's name in Identity's options.</summary>
    public const string ProviderName = "SingleUseAuthenticator";

    /// <summary>Seconds per time step.</summary>
    public const int StepSeconds = 30;

    /// <inheritdoc />
    public Task<string> GenerateAsync(string purpose, UserManager<PlatformUser> manager, PlatformUser user) =>
        Task.FromResult(string.Empty); // the app makes the codes

    /// <inheritdoc />
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PlatformUser> manager, PlatformUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <inheritdoc />
    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PlatformUser> manager, PlatformUser user)
    {
        var code = new string((token ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var step = Match(key, code, clock.GetUtcNow());
        return step is { } matched && await ClaimAsync(user.Id, matched);
    }

    /// <summary>The time step whose code this is, within one step of <paramref name="now"/>; null when none matches.</summary>
    public static long? Match(string key, string code, DateTimeOffset now)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()), StepSeconds);
        var current = now.ToUnixTimeSeconds() / StepSeconds;
        long? found = null;
        // Every step in the window is computed and compared in constant time, so timing does not tell which matched.
        for (var step = current - 1; step <= current + 1; step++)
        {
            var expected = totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds).UtcDateTime);
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                found = step;
            }
        }

        return found;
    }

    /// <summary>Records the step as used unless it (or a later one) was used already; true when this call recorded it.</summary>
    private async Task<bool> ClaimAsync(string userId, long step)
    {
        // One statement on both SQLite and PostgreSQL: insert, or move the step forward only if it is newer. Two nodes
        // accepting the same code at once: one of them writes, the other sees no row changed.
        var changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "AuthenticatorCodeUses" ("UserId", "LastTimeStep") VALUES ({userId}, {step})
            ON CONFLICT ("UserId") DO UPDATE SET "LastTimeStep" = excluded."LastTimeStep"
            WHERE "AuthenticatorCodeUses"."LastTimeStep" < excluded."LastTimeStep"
            """);
        return changed == 1;
    }
}
