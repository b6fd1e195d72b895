using System.Security.Claims;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;

namespace Accreditation.Publishing.Workflow;

/// <summary>Who is reading: signed in or not, their roles and organisation; decides which items they may see.</summary>
public sealed record Reader(bool SignedIn, IReadOnlySet<string> Roles, Guid? OrganisationId)
{
    /// <summary>A visitor who is not signed in.</summary>
    public static Reader Anonymous { get; } = new(false, new HashSet<string>(), null);

    /// <summary>The reader a request's principal is.</summary>
    public static Reader From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var organisation = Guid.TryParse(user.FindFirstValue(PlatformClaims.OrganisationId), out var id) ? id : (Guid?)null;
        return new Reader(true, roles, organisation);
    }

    /// <summary>Whether this reader is in the item's audience.</summary>
    public bool MayRead(PracticeUpdate item) => item.Audience switch
    {
        AudienceKind.Public => true,
        AudienceKind.SignedIn => SignedIn,
        AudienceKind.Roles => SignedIn && PracticeUpdate.Split(item.AudienceRoles).Any(Roles.Contains),
        AudienceKind.Organisations => SignedIn && OrganisationId is { } org &&
            PracticeUpdate.Split(item.AudienceOrganisations).Any(o => Guid.TryParse(o, out var g) && g == org),
        _ => false,
    };
}
