using System.Security.Cryptography;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.SignInSecurity;

/// <summary>
/// A password hash that belongs to nobody. Signing in as an unknown or locked account checks the password against it
/// (or against the account's own), so those answers take as long as a wrong password and the timing does not tell
/// whether an account exists.
/// </summary>
public sealed class DummyPassword
{
    private string? hash;

    /// <summary>Checks a password against the dummy hash (always fails), doing the same work as a real check.</summary>
    public void Verify(IPasswordHasher<PlatformUser> hasher, string password)
    {
        var user = new PlatformUser();
        hash ??= hasher.HashPassword(user, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(user, hash, password);
    }
}
