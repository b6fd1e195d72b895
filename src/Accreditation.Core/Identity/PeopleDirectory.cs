using System.Security.Claims;

namespace Accreditation.Core.Identity;

/// <summary>A person as other modules see them.</summary>
/// <param name="Id">The user id (the "sub" of their sign-in).</param>
/// <param name="DisplayName">The name they are shown by.</param>
/// <param name="Email">Their email address.</param>
/// <param name="OrganisationId">Their organisation, if any.</param>
public sealed record PersonSummary(string Id, string DisplayName, string Email, Guid? OrganisationId);

/// <summary>
/// Reads people and who may do what in their organisation, for other modules, which never read the Identity module's
/// tables (users, roles). Only active people are returned. Implemented by the Identity module.
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The active person with this id, or null.</summary>
    Task<PersonSummary?> FindAsync(string personId, CancellationToken ct = default);

    /// <summary>The active people of the organisation who hold the Endorser role, by name.</summary>
    Task<IReadOnlyList<PersonSummary>> EndorsersOfAsync(Guid organisationId, CancellationToken ct = default);

    /// <summary>Whether the person is active, belongs to the organisation and holds the Endorser role there.</summary>
    Task<bool> IsEndorserOfAsync(string personId, Guid organisationId, CancellationToken ct = default);

    /// <summary>The active organisation admins of the organisation, by name (to ask them for something by email).</summary>
    Task<IReadOnlyList<PersonSummary>> OrganisationAdminsOfAsync(Guid organisationId, CancellationToken ct = default);
}

/// <summary>
/// How a person signed in, read from their session: Identity marks a sign-in completed with a second factor with the
/// "amr" (authentication methods references, RFC 8176) value "mfa", and keeps it while the session lasts.
/// </summary>
public static class SignInMethods
{
    /// <summary>The claim type that records how the person signed in.</summary>
    public const string ClaimType = "amr";

    /// <summary>The value a sign-in with a second factor carries.</summary>
    public const string SecondFactor = "mfa";

    /// <summary>Whether this session began with a second factor (a one-time code or recovery code after the password).</summary>
    public static bool UsedSecondFactor(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(ClaimType, SecondFactor);
}
