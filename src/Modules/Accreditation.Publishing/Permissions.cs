using Accreditation.Core.Security;

namespace Accreditation.Publishing;

/// <summary>Permissions of the Publishing module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Draft, submit, approve, schedule, publish and archive practice updates and pages.</summary>
    public const string Publish = "Publishing.Publish";

    /// <summary>The policy name pages use for <see cref="Publish"/>.</summary>
    public const string PublishPolicy = PermissionPolicyProvider.Prefix + Publish;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(Publish, "Draft, review, schedule, publish and archive practice updates and pages"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Publisher] = [Publish],
        [Roles.PlatformAdmin] = [Publish],
    };
}
