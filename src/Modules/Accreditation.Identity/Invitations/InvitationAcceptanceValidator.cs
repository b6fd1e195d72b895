using Accreditation.Core.Identity;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.Invitations;

/// <summary>What an invitee types to accept: their name and a password, twice.</summary>
public sealed record InvitationAcceptanceInput(string? DisplayName, string? Password, string? ConfirmPassword);

/// <summary>
/// Checks an invitee's name and password, in the order the form shows them. The password is held to the site's
/// password policy (Identity's password validators, the same as every other password) for the account about to be made.
/// </summary>
public sealed class InvitationAcceptanceValidator : AbstractValidator<InvitationAcceptanceInput>
{
    /// <summary>The longest name.</summary>
    public const int NameLength = 200;

    /// <summary>The checks for the account <paramref name="person"/> about to be made.</summary>
    public InvitationAcceptanceValidator(UserManager<PlatformUser> users, PlatformUser person)
    {
        RuleFor(i => i.DisplayName).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter your full name")
            .Must(v => v!.Trim().Length <= NameLength && !v.Trim().Any(char.IsControl)).WithMessage($"Your name must be {NameLength} characters or fewer, on one line");

        RuleFor(i => i.Password).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrEmpty(v)).WithMessage("Enter a password")
            .CustomAsync(async (password, context, _) =>
            {
                foreach (var validator in users.PasswordValidators)
                {
                    var result = await validator.ValidateAsync(users, person, password!);
                    foreach (var error in result.Errors)
                    {
                        context.AddFailure(new ValidationFailure(InvitationService.PasswordField, error.Description));
                    }
                }
            });

        RuleFor(i => i.ConfirmPassword).Must((i, v) => v == i.Password).When(i => !string.IsNullOrEmpty(i.Password))
            .WithMessage("The passwords do not match");
    }
}
