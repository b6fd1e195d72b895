using System.Security.Claims;
using Accreditation.Core.Security;

namespace Accreditation.Publishing;

/// <summary>Permissions of the Publishing module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>Everything in publishing: write, review, schedule, publish, archive (includes <see cref="Edit"/> and <see cref="Review"/>).</summary>
    public const string Publish = "Publishing.Publish";

    /// <summary>Write and change drafts, submit them for review, restore versions and upload media.</summary>
    public const string Edit = "Publishing.Edit";

    /// <summary>Approve items in review (publishing or scheduling them) or return them to draft.</summary>
    public const string Review = "Publishing.Review";

    /// <summary>The policy of the publishing admin pages: any of <see cref="Edit"/>, <see cref="Review"/> or <see cref="Publish"/>.</summary>
    public const string AreaPolicy = "Publishing.Area";

    /// <summary>Whether the person may open the publishing admin pages.</summary>
    public static bool MayUseArea(ClaimsPrincipal user) =>
        user.HasPermission(Publish) || user.HasPermission(Edit) || user.HasPermission(Review);

    /// <summary>The policy name pages use for <see cref="Publish"/>.</summary>
    public const string PublishPolicy = PermissionPolicyProvider.Prefix + Publish;

    /// <summary>Edit the links of the service navigation and the footer.</summary>
    public const string ManageMenus = "Publishing.ManageMenus";

    /// <summary>The policy name pages use for <see cref="ManageMenus"/>.</summary>
    public const string ManageMenusPolicy = PermissionPolicyProvider.Prefix + ManageMenus;

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(Publish, "Draft, review, schedule, publish and archive practice updates and pages"),
        new(Edit, "Write practice updates and pages, submit them for review and upload media (without approving or publishing)"),
        new(Review, "Approve practice updates and pages in review, or return them to draft"),
        new(ManageMenus, "Edit the service navigation and footer links"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Publisher] = [Publish],
        [Roles.PlatformAdmin] = [Publish, ManageMenus],
    };
}
