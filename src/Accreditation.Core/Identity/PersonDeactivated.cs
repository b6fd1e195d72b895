namespace Accreditation.Core.Identity;

/// <summary>
/// Something that must happen when a person is deactivated, for example revoking their OpenID Connect refresh tokens.
/// Register implementations as scoped services; each runs inside the deactivation's database transaction, so a failure
/// leaves the person active.
/// </summary>
public interface IPersonDeactivated
{
    /// <summary>Called after the person is marked inactive and their security stamp renewed, before the change commits.</summary>
    Task PersonDeactivatedAsync(string userId, CancellationToken ct);
}
