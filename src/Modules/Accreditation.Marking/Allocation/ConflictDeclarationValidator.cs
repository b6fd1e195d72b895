using FluentValidation;

namespace Accreditation.Marking.Allocation;

/// <summary>A conflict of interest as an assessor gave it: an organisation (ONS code or exact name) or a person's email, and a note.</summary>
public sealed record ConflictDeclaration(string? Organisation, string? PersonEmail, string? Note);

/// <summary>
/// Checks a declared conflict, field by field in the order the form shows them: everything that can be checked without
/// the database (an organisation that does not exist is found by the page).
/// </summary>
public sealed class ConflictDeclarationValidator : AbstractValidator<ConflictDeclaration>
{
    /// <summary>The longest email address a person may have.</summary>
    public const int EmailLength = 254;

    /// <summary>The longest note.</summary>
    public const int NoteLength = 500;

    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static ConflictDeclarationValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public ConflictDeclarationValidator()
    {
        RuleFor(d => d.Organisation).Must((d, v) => string.IsNullOrWhiteSpace(v) != string.IsNullOrWhiteSpace(d.PersonEmail))
            .WithMessage("Enter an organisation or a person's email address (one at a time)");
        RuleFor(d => d.PersonEmail).Must(v => IsEmail(v!.Trim().ToLowerInvariant()))
            .When(d => string.IsNullOrWhiteSpace(d.Organisation) && !string.IsNullOrWhiteSpace(d.PersonEmail))
            .WithMessage("Enter an email address in the correct format, like name@example.gov.uk");
        RuleFor(d => d.Note).Must(v => (v?.Length ?? 0) <= NoteLength).WithMessage($"The note must be {NoteLength} characters or fewer");
    }

    private static bool IsEmail(string email) => email.Length <= EmailLength && System.Net.Mail.MailAddress.TryCreate(email, out _);
}
