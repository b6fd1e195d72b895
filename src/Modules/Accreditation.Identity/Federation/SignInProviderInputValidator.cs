using FluentValidation;

namespace Accreditation.Identity.Federation;

/// <summary>Checks an admin's input for an organisation's sign-in provider, field by field in the order the form shows them.</summary>
public sealed class SignInProviderInputValidator : AbstractValidator<SignInProviderInput>
{
    /// <summary>The longest name, authority or client ID.</summary>
    public const int NameLength = 200;

    /// <summary>The checks for adding a provider (<paramref name="creating"/>: a secret is needed) or changing one (a blank secret keeps the stored one).</summary>
    public SignInProviderInputValidator(bool creating)
    {
        RuleFor(i => i.OrganisationId).NotEqual(Guid.Empty).WithMessage("Choose the organisation whose people will use this provider");
        RuleFor(i => i.DisplayName).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= NameLength)
            .WithMessage($"Enter the name people know their organisation by, at most {NameLength} characters");
        RuleFor(i => i.Authority).Must(IsIssuer).WithMessage("Enter the provider's issuer as an https address, like https://login.example.gov.uk/");
        RuleFor(i => i.ClientId).Must(v => !string.IsNullOrWhiteSpace(v) && v.Length <= NameLength)
            .WithMessage("Enter the client ID the provider gave this service");
        RuleFor(i => i.TrustedAcrValues).Must(v => (v?.Length ?? 0) <= 500).WithMessage("Enter at most 500 characters of acr values, separated by spaces");
        RuleFor(i => i.ClientSecret).Must(v => !string.IsNullOrWhiteSpace(v)).When(_ => creating)
            .WithMessage("Enter the client secret the provider gave this service");
    }

    // An absolute https address (http only on this machine, for a test provider), without query or fragment.
    private static bool IsIssuer(string? value) =>
        Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var authority)
        && (authority.Scheme == Uri.UriSchemeHttps || (authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback))
        && string.IsNullOrEmpty(authority.Query) && string.IsNullOrEmpty(authority.Fragment);
}
