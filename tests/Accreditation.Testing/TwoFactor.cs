using System.Collections.Concurrent;
using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Accreditation.Testing;

/// <summary>
/// Two-factor authentication for tests: codes computed from authenticator keys by the site's clock, each for a time step
/// the person has not used yet (the site accepts each step once), and sign-in with the code step.
/// </summary>
public static class TwoFactor
{
    /// <summary>Where the second sign-in step is.</summary>
    public const string SignInStepPath = "/account/sign-in/two-factor";

    /// <summary>Whose each key is, once known: the site and the person's id.</summary>
    private static readonly ConcurrentDictionary<string, (WeakReference<PlatformFactory> Site, string UserId)> Owners = new();

    /// <summary>
    /// The code an authenticator app would show for a key (as the set-up page shows it, spaces and case ignored), for the
    /// earliest time step around the site's clock that the person has not used yet. The site accepts a step once and
    /// one step either side of now; when the person has used all three, the record of their last step is cleared, as
    /// if half a minute had passed (test set-up: the clock itself does not move).
    /// </summary>
    public static string CodeFor(string key)
    {
        var normalised = Normalise(key);
        if (!Owners.TryGetValue(normalised, out var owner) || !owner.Site.TryGetTarget(out var site))
        {
            (site, var userId) = FindOwner(normalised) ?? throw new InvalidOperationException("No running test site has a person with this authenticator key.");
            owner = (new WeakReference<PlatformFactory>(site), userId);
            Owners[normalised] = owner;
        }

        return site.WithScopeAsync(sp => NextCodeAsync(sp, site.Clock.GetUtcNow(), owner.UserId, normalised)).GetAwaiter().GetResult();
    }

    /// <summary>The code for a key at one time step (for tests of the steps themselves).</summary>
    public static string CodeAt(string key, long step) =>
        new Totp(Base32Encoding.ToBytes(Normalise(key)), AuthenticatorCodes.StepSeconds)
            .ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * AuthenticatorCodes.StepSeconds).UtcDateTime);

    /// <summary>The time step of an instant.</summary>
    public static long StepOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / AuthenticatorCodes.StepSeconds;

    /// <summary>Turns two-factor authentication on for a person straight in the database (test set-up); returns their key.</summary>
    public static Task<string> EnableTwoFactorAsync(this PlatformFactory site, string email) =>
        site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No person {email}.");
            return await EnableAsync(site, users, user);
        });

    /// <summary>Gives a person an authenticator key and turns two-factor authentication on (each only if not yet); returns the key.</summary>
    internal static async Task<string> EnableAsync(PlatformFactory site, UserManager<PlatformUser> users, PlatformUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        if (!user.TwoFactorEnabled)
        {
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        Owners[Normalise(key!)] = (new WeakReference<PlatformFactory>(site), user.Id);
        return key!;
    }

    /// <summary>Signs in with a password and, when the site asks, a code from the key; returns the last response.</summary>
    public static async Task<HttpResponseMessage> SignInWithCodeAsync(this HttpClient client, string key, string email, string password = People.Password)
    {
        var response = await client.SignInWithPasswordAsync(email, password);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith(SignInStepPath, StringComparison.Ordinal) == true)
        {
            response = await client.PostFormAsync(SignInStepPath, new Dictionary<string, string> { ["Code"] = CodeFor(key) });
        }

        return response;
    }

    /// <summary>
    /// Signs in a person as they would once they had set up their second factor: turns it on for them if it is not,
    /// then gives the password and the code. Returns the last response.
    /// </summary>
    public static Task<HttpResponseMessage> SignInWithTwoFactorAsync(this HttpClient client, string email, string password = People.Password) =>
        client.SignInAsync(email, password);

    private static string Normalise(string key) => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static async Task<string> NextCodeAsync(IServiceProvider services, DateTimeOffset now, string userId, string key)
    {
        var db = services.GetRequiredService<AccreditationDbContext>();
        var current = StepOf(now);
        var last = await db.Set<AuthenticatorCodeUse>().AsNoTracking().Where(u => u.UserId == userId).Select(u => (long?)u.LastTimeStep).FirstOrDefaultAsync();
        var step = Math.Max(current - 1, (last ?? long.MinValue + 1) + 1);
        if (step > current + 1)
        {
            await db.Set<AuthenticatorCodeUse>().Where(u => u.UserId == userId).ExecuteDeleteAsync();
            step = current - 1;
        }

        return CodeAt(key, step);
    }

    private static (PlatformFactory Site, string UserId)? FindOwner(string key)
    {
        foreach (var site in PlatformFactory.Running)
        {
            var found = site.WithScopeAsync(async sp =>
            {
                var db = sp.GetRequiredService<AccreditationDbContext>();
                var store = (PlatformUserStore)sp.GetRequiredService<IUserStore<PlatformUser>>();
                var tokens = await db.UserTokens.AsNoTracking()
                    .Where(t => t.LoginProvider == PlatformUserStore.InternalLoginProvider && t.Name == PlatformUserStore.AuthenticatorKeyToken)
                    .ToListAsync();
                return tokens.FirstOrDefault(t => store.UnprotectKey(t.Value) is { } stored && Normalise(stored) == key)?.UserId;
            }).GetAwaiter().GetResult();
            if (found is not null)
            {
                return (site, found);
            }
        }

        return null;
    }
}
