using System.Linq.Expressions;
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

    /// <summary>
    /// <see cref="MayRead"/> as a condition the database checks, so that lists read only what they show. The audience's
    /// roles and organisations are kept joined by commas (as the workflow writes them), so a role or an organisation is
    /// looked for between commas: "Assessor" never matches "LeadAssessor".
    /// </summary>
    public Expression<Func<PracticeUpdate, bool>> Visible()
    {
        if (!SignedIn)
        {
            return u => u.Audience == AudienceKind.Public;
        }

        var roles = Roles.Select(r => "," + r + ",").ToList();
        var organisation = OrganisationId is { } id ? "," + id.ToString("D") + "," : "";
        return u => u.Audience == AudienceKind.Public || u.Audience == AudienceKind.SignedIn
            || (u.Audience == AudienceKind.Roles && roles.Any(r => ("," + u.AudienceRoles + ",").Contains(r)))
            || (u.Audience == AudienceKind.Organisations && organisation != "" && ("," + u.AudienceOrganisations + ",").Contains(organisation));
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
