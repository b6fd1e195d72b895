using Accreditation.Core.Modules;

namespace Accreditation.Api;

/// <summary>The API module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Api";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "API for local-authority systems",
        "Versioned API (/api/v1) through which an organisation's systems read its practitioners' accreditation status and CPD summaries, with its OpenAPI document.",
        ["Accreditation.Identity"]);
}
