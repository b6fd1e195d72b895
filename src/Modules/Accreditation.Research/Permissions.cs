using Accreditation.Core.Security;

namespace Accreditation.Research;

/// <summary>Permissions of the research library and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Create, edit, import, publish and delete library items; edit topics, evidence levels and the glossary.</summary>
    public const string EditLibrary = "Research.Edit";

    /// <summary>See restricted library items in search and on their pages.</summary>
    public const string ViewRestricted = "Research.ViewRestricted";

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(EditLibrary, "Edit, import and publish research library items, topics, evidence levels and the glossary"),
        new(ViewRestricted, "See restricted research library items"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.ResearchEditor] = [EditLibrary, ViewRestricted],
        [Roles.PlatformAdmin] = [EditLibrary, ViewRestricted],
    };
}
