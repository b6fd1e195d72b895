using System.Net.Mail;
using FluentValidation;

namespace Accreditation.Identity.Invitations;

/// <summary>
/// An invitation as an admin asked for it: the invitee's email address as typed, the organisation they will belong to
/// (null when none was chosen) and the roles chosen of those the admin may give.
/// </summary>
public sealed record InvitationInput(string? Email, Guid? OrganisationId, IReadOnlyList<string> Roles);

/// <summary>
/// Checks an invitation, field by field in the order the form shows them: everything that can be checked without the
/// database (an account that already has the address, or an organisation removed meanwhile, is found by the page).
/// </summary>
public sealed class InvitationInputValidator : AbstractValidator<InvitationInput>
{
    /// <summary>The longest email address an invitee may have.</summary>
    public const int EmailLength = 256;

    /// <summary>What the form says when there is no organisation to invite to.</summary>
    public const string SelectOrganisation = "Select the organisation they will belong to";

    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static InvitationInputValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public InvitationInputValidator()
    {
        RuleFor(i => i.Email).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter the email address of the person to invite")
            .Must(v => IsEmail(v!.Trim())).WithMessage("Enter an email address in the correct format, like name@example.gov.uk");
        RuleFor(i => i.OrganisationId).Must(v => v is not null).WithMessage(SelectOrganisation);
        RuleFor(i => i.Roles).Must(v => v.Count > 0).WithMessage("Select at least one role");
    }

    // Only a bare address that reads back exactly as typed (no display name) and has a dot, so sam@localhost is refused.
    private static bool IsEmail(string email) =>
        email.Length <= EmailLength && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.', StringComparison.Ordinal);
}
