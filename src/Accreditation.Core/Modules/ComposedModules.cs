namespace Accreditation.Core.Modules;

/// <summary>The modules the host composed at start-up, in dependency order, plus every module the host knows.</summary>
public sealed class ComposedModules(IReadOnlyList<ModuleStartup> composed, IReadOnlyList<ModuleStartup> known)
{
    /// <summary>Modules composed into this host, dependencies first.</summary>
    public IReadOnlyList<ModuleStartup> Composed { get; } = composed;

    /// <summary>Every module compiled into the host, composed or not (their tables are always in the model).</summary>
    public IReadOnlyList<ModuleStartup> Known { get; } = known;

    /// <summary>Whether the module was composed at start-up.</summary>
    public bool IsComposed(string id) => Composed.Any(m => string.Equals(m.Manifest.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The manifest of a known module, or null.</summary>
    public ModuleManifest? Find(string id) =>
        Known.FirstOrDefault(m => string.Equals(m.Manifest.Id, id, StringComparison.OrdinalIgnoreCase))?.Manifest;
}
