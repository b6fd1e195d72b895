using Accreditation.Core.Modules;

namespace Accreditation.Identity;

/// <summary>The Identity module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Identity";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Identity",
        "People, roles and permissions, local sign-in with lockout and a safe password policy.",
        [],
        AlwaysOn: true);
}
