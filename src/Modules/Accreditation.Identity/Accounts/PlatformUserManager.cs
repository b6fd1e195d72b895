using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accreditation.Identity.Accounts;

/// <summary>
/// Identity's user manager with lockout that holds across web nodes: each failed attempt is counted by one atomic
/// update of the account's row (two nodes failing at once both count), and lockout is judged by the site's clock.
/// </summary>
public sealed class PlatformUserManager(
    IUserStore<PlatformUser> store,
    IOptions<IdentityOptions> options,
    IPasswordHasher<PlatformUser> passwordHasher,
    IEnumerable<IUserValidator<PlatformUser>> userValidators,
    IEnumerable<IPasswordValidator<PlatformUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<PlatformUser>> logger,
    AccreditationDbContext db,
    TimeProvider clock)
    : UserManager<PlatformUser>(store, options, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <inheritdoc />
    public override Task<bool> IsLockedOutAsync(PlatformUser user) =>
        Task.FromResult(SupportsUserLockout && user.LockoutEnabled && user.LockoutEnd is { } end && end >= clock.GetUtcNow());

    /// <inheritdoc />
    public override async Task<IdentityResult> AccessFailedAsync(PlatformUser user)
    {
        // Identity reads, adds one and writes back: two nodes failing at once would lose a count (or fail on the
        // concurrency stamp). One UPDATE adding one cannot.
        var id = user.Id;
        var max = Options.Lockout.MaxFailedAccessAttempts;
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1));
        var end = clock.GetUtcNow().Add(Options.Lockout.DefaultLockoutTimeSpan);
        if (user.LockoutEnabled)
        {
            // Whoever reaches the limit first locks the account and starts the count again.
            await db.Users.Where(u => u.Id == id && u.AccessFailedCount >= max)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, end).SetProperty(u => u.AccessFailedCount, 0));
        }

        await db.Entry(user).ReloadAsync();
        return IdentityResult.Success;
    }
}
