using Accreditation.Core.Modules;

namespace Accreditation.Notifications;

/// <summary>The Notifications module's manifest.</summary>
public static class Manifest
{
    /// <summary>Module id.</summary>
    public const string Id = "Accreditation.Notifications";

    /// <summary>The manifest.</summary>
    public static readonly ModuleManifest Value = new(
        Id,
        "Notifications",
        "Email through a transactional outbox: Liquid templates, SMTP or a pickup folder, retries and a dead-letter list.",
        []);
}
