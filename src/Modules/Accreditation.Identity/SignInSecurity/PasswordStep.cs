using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Identity.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.SignInSecurity;

/// <summary>What a password came to.</summary>
public enum PasswordOutcome
{
    /// <summary>Right: the person is signed in (or, confirming, has proved who they are again).</summary>
    Accepted,

    /// <summary>Right, and the person has a second factor: they give it next (signing in only).</summary>
    SecondFactor,

    /// <summary>The account is locked, already or by this wrong password.</summary>
    LockedOut,

    /// <summary>Anything else (unknown account, wrong password, a person who may not sign in).</summary>
    Refused,
}

/// <summary>
/// The password step of signing in and of confirming identity, written once: the check with Identity's lockout (5 wrong
/// passwords lock an account for 15 minutes), the same work for unknown and locked accounts as for a wrong password (so
/// the time taken does not tell which), the hand-off to the second factor, and every failure counted against the client
/// address (<see cref="SignInAttempts"/>) and audited.
/// </summary>
public sealed class PasswordStep(
    PlatformSignInManager signIn,
    UserManager<PlatformUser> users,
    IPasswordHasher<PlatformUser> hasher,
    DummyPassword dummy,
    SignInAttempts attempts,
    IAuditTrail audit)
{
    /// <summary>Signs in with an email address and password; a person with a second factor is handed on to give it.</summary>
    public async Task<(PasswordOutcome Outcome, PlatformUser? User)> SignInAsync(HttpContext http, string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            dummy.Verify(hasher, password);
            await RefuseAsync(http, null, "account.sign-in-failed", "unknown account");
            return (PasswordOutcome.Refused, null);
        }

        var result = await CheckAsync(user, password, signingIn: true);
        if (result.IsLockedOut)
        {
            await RefuseAsync(http, user.Id, "account.locked-out", "locked out");
            return (PasswordOutcome.LockedOut, user);
        }

        if (result.IsNotAllowed)
        {
            await RefuseAsync(http, user.Id, "account.sign-in-failed", user.IsActive ? "not allowed" : "account deactivated");
            return (PasswordOutcome.Refused, user);
        }

        if (result.RequiresTwoFactor)
        {
            return (PasswordOutcome.SecondFactor, user);
        }

        if (!result.Succeeded)
        {
            await RefuseAsync(http, user.Id, "account.sign-in-failed", "wrong password");
            return (PasswordOutcome.Refused, user);
        }

        await audit.RecordAsync("account.signed-in", "User", user.Id);
        return (PasswordOutcome.Accepted, user);
    }

    /// <summary>Checks the signed-in person's password again before a sensitive change; wrong ones count towards lockout.</summary>
    public async Task<PasswordOutcome> ConfirmAsync(HttpContext http, PlatformUser user, string password)
    {
        var result = await CheckAsync(user, password, signingIn: false);
        if (result.IsLockedOut)
        {
            // The caller ends the session; the person signs in again once the lockout is over.
            await audit.RecordAsync("account.locked-out", "User", user.Id, "confirming identity");
            return PasswordOutcome.LockedOut;
        }

        if (!result.Succeeded)
        {
            await RefuseAsync(http, user.Id, "account.reauthentication-failed", "wrong password");
            return PasswordOutcome.Refused;
        }

        return PasswordOutcome.Accepted;
    }

    /// <summary>Counts a failed proof of identity (a password or a passkey) against the client address, and audits it.</summary>
    public async Task RefuseAsync(HttpContext http, string? userId, string action, string why)
    {
        await attempts.RecordFailureAsync(http, http.RequestAborted);
        await audit.RecordAsync(action, "User", userId, why);
    }

    private async Task<SignInResult> CheckAsync(PlatformUser user, string password, bool signingIn)
    {
        var result = signingIn
            ? await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)
            : await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            // Identity refuses a locked account before looking at the password; check it anyway, so a locked account
            // answers as slowly as any other (the result is not used: locked is locked).
            if (user.PasswordHash is { } stored)
            {
                hasher.VerifyHashedPassword(user, stored, password);
            }
            else
            {
                dummy.Verify(hasher, password);
            }
        }

        return result;
    }
}
