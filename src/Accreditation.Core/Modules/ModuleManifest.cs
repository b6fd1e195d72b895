namespace Accreditation.Core.Modules;

/// <summary>What a module is: its id, display name, description and the ids of the modules it needs.</summary>
public sealed record ModuleManifest(string Id, string Name, string Description, IReadOnlyList<string> Dependencies);
