namespace Accreditation.Core.Modules;

/// <summary>
/// What a module is: its id, display name, description and the ids of the modules it needs. An always-on module
/// (the one people sign in through) cannot be switched off at run time.
/// </summary>
public sealed record ModuleManifest(string Id, string Name, string Description, IReadOnlyList<string> Dependencies, bool AlwaysOn = false);
