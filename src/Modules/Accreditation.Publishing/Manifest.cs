using Accreditation.Core.Modules;

namespace Accreditation.Publishing;

/// <summary>The Publishing module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Publishing";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Publishing",
        "Practice updates and pages: review workflow, scheduling, versions, Atom feed, subscriptions and weekly digests.",
        ["Accreditation.Notifications"]);
}
