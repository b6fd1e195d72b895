using Accreditation.Core.Modules;

namespace Accreditation.Privacy;

/// <summary>The Privacy module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Privacy";

    /// <summary>
    /// The manifest. Always on: answering subject access and erasure requests, and applying the retention schedule, are
    /// legal duties that must not stop because a module was switched off.
    /// </summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Personal data",
        "Subject access requests (a ZIP of everything held about a person), erasure with legal holds, and the retention schedule applied in the background.",
        // Not Notifications: it can be switched off, and this module only emails when it is on.
        ["Accreditation.Identity"],
        AlwaysOn: true);
}
