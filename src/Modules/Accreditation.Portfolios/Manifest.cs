using Accreditation.Core.Modules;

namespace Accreditation.Portfolios;

/// <summary>The Portfolios module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Portfolios";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Evidence portfolios",
        "Programmes and assessment windows, the candidate's evidence portfolio mapped to the statements, uploads, employer endorsement, submission snapshots and export.",
        [Frameworks.Manifest.Id, "Accreditation.Identity", Notifications.Manifest.Id]);
}
