using Accreditation.Core.Modules;

namespace Accreditation.Cpd;

/// <summary>The CPD module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Cpd";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "CPD record",
        "Continuing professional development records by registration year (1 December to 30 November), peer reflection, the year's requirement, reminders, duplicate check, drafts from other modules and export.",
        [Frameworks.Manifest.Id, Notifications.Manifest.Id]);
}
