using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// At start-up, encrypts authenticator keys and hashes recovery codes still stored in clear text (written before the
/// store protected them). Safe to run on every node at once: a value already protected is left alone.
/// </summary>
public sealed class TwoFactorSecretsUpgrade(AccreditationDbContext db, IUserStore<Core.Identity.PlatformUser> store) : IStartupTask
{
    /// <inheritdoc />
    public int Order => 90;

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (store is not PlatformUserStore platform)
        {
            return;
        }

        var clear = await db.UserTokens
            .Where(t => t.LoginProvider == PlatformUserStore.InternalLoginProvider
                && ((t.Name == PlatformUserStore.AuthenticatorKeyToken && !t.Value!.StartsWith(PlatformUserStore.ProtectedKeyPrefix))
                    || (t.Name == PlatformUserStore.RecoveryCodesToken && !t.Value!.StartsWith(PlatformUserStore.HashedCodesPrefix))))
            .ToListAsync(ct);
        foreach (var token in clear.Where(t => !string.IsNullOrEmpty(t.Value)))
        {
            token.Value = token.Name == PlatformUserStore.AuthenticatorKeyToken
                ? platform.ProtectKey(token.Value!)
                : PlatformUserStore.HashCodes(token.Value!.Split(';', StringSplitOptions.RemoveEmptyEntries));
        }

        await db.SaveChangesAsync(ct);
    }
}
