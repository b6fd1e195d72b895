using Accreditation.Core.Security;

namespace Accreditation.Notifications;

/// <summary>Permissions of the Notifications module and their default roles.</summary>
public sealed class Permissions : IPermissionProvider
{
    /// <summary>See the outbox, retry dead messages, send test emails and edit email templates.</summary>
    public const string ManageEmail = "Email.Manage";

    /// <inheritdoc />
    public IReadOnlyList<Permission> All { get; } =
    [
        new(ManageEmail, "See the email outbox, retry dead messages, send test emails and edit email templates"),
    ];

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultRoles { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.PlatformAdmin] = [ManageEmail],
    };
}
