using Microsoft.AspNetCore.Identity;

namespace Accreditation.Core.Identity;

/// <summary>A person who signs in: candidate, assessor, admin. Identity's user plus what every module needs.</summary>
public class PlatformUser : IdentityUser
{
    /// <summary>The name shown to the person and to admins (never to assessors).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The organisation (local authority or the Chief Social Worker's office) the person belongs to.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>Set for a generated first password: the person must choose a new one before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Deactivated people cannot sign in; their sessions end.</summary>
    public bool IsActive { get; set; } = true;

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A role; its permissions are stored as role claims.</summary>
public class PlatformRole : IdentityRole
{
    /// <summary>For EF and Identity.</summary>
    public PlatformRole()
    {
    }

    /// <summary>Creates a role with the given name.</summary>
    public PlatformRole(string name) : base(name)
    {
    }
}
