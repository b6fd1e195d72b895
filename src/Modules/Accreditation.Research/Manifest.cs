using Accreditation.Core.Modules;

namespace Accreditation.Research;

/// <summary>The practice-research library module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Research";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Research library",
        "Practice research: library items, imports, a Lucene index kept in step with the database, search, saved searches and weekly alerts.",
        ["Accreditation.Identity", "Accreditation.Notifications"]);
}
