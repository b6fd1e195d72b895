using Accreditation.Core.Modules;

namespace Accreditation.Marking;

/// <summary>The Marking module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Marking";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Marking and certificates",
        "Rubrics, allocation without conflicts, blind marking, second marking, moderation, release of decisions, appeals, the moderation report, certificates with public verification and Open Badges credentials.",
        [Portfolios.Manifest.Id, Frameworks.Manifest.Id, Notifications.Manifest.Id]);
}
