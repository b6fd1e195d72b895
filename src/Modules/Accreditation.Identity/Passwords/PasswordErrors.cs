using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.Passwords;

/// <summary>Identity's error messages where a person sees them next to a password field, in plain GOV.UK style.</summary>
public sealed class PasswordErrors : IdentityErrorDescriber
{
    /// <inheritdoc />
    public override IdentityError PasswordTooShort(int length) => new()
    {
        Code = nameof(PasswordTooShort),
        Description = $"Your password must be at least {length} characters. Three random words make a strong password.",
    };

    /// <inheritdoc />
    public override IdentityError PasswordMismatch() => new()
    {
        Code = nameof(PasswordMismatch),
        Description = "Your current password is not correct",
    };
}
