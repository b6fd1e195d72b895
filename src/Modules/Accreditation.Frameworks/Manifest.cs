using Accreditation.Core.Modules;

namespace Accreditation.Frameworks;

/// <summary>The Frameworks module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Frameworks";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Frameworks",
        "Competency frameworks: the Knowledge and Skills Statements, versioned, with import and export.",
        []);
}
