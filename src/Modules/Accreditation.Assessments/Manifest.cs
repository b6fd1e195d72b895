using Accreditation.Core.Modules;

namespace Accreditation.Assessments;

/// <summary>The knowledge assessment module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Assessments";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Knowledge assessment",
        "The question bank, assessment blueprints, timed online sittings that never lose an answer, scoring, held results and item statistics.",
        [Portfolios.Manifest.Id, Frameworks.Manifest.Id]);
}
