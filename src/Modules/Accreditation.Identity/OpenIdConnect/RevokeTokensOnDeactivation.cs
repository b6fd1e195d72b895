using Accreditation.Core.Identity;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>Ends every OpenID Connect grant (refresh tokens included) of a person as they are deactivated.</summary>
public sealed class RevokeTokensOnDeactivation(RevokePersonTokens revoke) : IPersonDeactivated
{
    /// <inheritdoc />
    public async Task PersonDeactivatedAsync(string userId, CancellationToken ct) => await revoke.RevokeAsync(userId, ct);
}
