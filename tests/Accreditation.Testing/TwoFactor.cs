using System.Net;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Accreditation.Testing;

/// <summary>Two-factor authentication for tests: codes computed from authenticator keys, and sign-in with the code step.</summary>
public static class TwoFactor
{
    /// <summary>Where the second sign-in step is.</summary>
    public const string SignInStepPath = "/account/sign-in/two-factor";

    /// <summary>
    /// The code an authenticator app shows now for a key (as the set-up page shows it, spaces and case ignored).
    /// Identity checks codes against the machine's clock, not the site's injected one, so this uses the real time.
    /// </summary>
    public static string CodeFor(string key) =>
        new Totp(Base32Encoding.ToBytes(key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp(DateTime.UtcNow);

    /// <summary>Turns two-factor authentication on for a person straight in the database (test set-up); returns their key.</summary>
    public static Task<string> EnableTwoFactorAsync(this PlatformFactory site, string email) =>
        site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No person {email}.");
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

            return key!;
        });

    /// <summary>Signs in with a password and, when the site asks, a code from the key; returns the last response.</summary>
    public static async Task<HttpResponseMessage> SignInWithCodeAsync(this HttpClient client, string key, string email, string password = People.Password)
    {
        var response = await client.SignInAsync(email, password);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith(SignInStepPath, StringComparison.Ordinal) == true)
        {
            response = await client.PostFormAsync(SignInStepPath, new Dictionary<string, string> { ["Code"] = CodeFor(key) });
        }

        return response;
    }

    /// <summary>
    /// Signs in a person whose role needs two-factor authentication, as they would once they had set it up: turns it
    /// on for them if it is not, then gives the password and the code. Returns the last response.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInWithTwoFactorAsync(this HttpClient client, string email, string password = People.Password)
    {
        var key = await PlatformFactory.SiteOf(client).EnableTwoFactorAsync(email);
        return await client.SignInWithCodeAsync(key, email, password);
    }
}
