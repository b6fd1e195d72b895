using Accreditation.Core.Auditing;
using OpenIddict.Abstractions;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// Ends every grant a person made to client applications: their authorizations and every token issued from them
/// (refresh tokens included). Call it when a person is deactivated; the token endpoint also refuses a deactivated
/// person's refresh on its own, so nothing depends on remembering to call this.
/// </summary>
public sealed class RevokePersonTokens(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, IAuditTrail audit)
{
    /// <summary>Revokes the person's authorizations and tokens; returns how many tokens were revoked.</summary>
    public async Task<long> RevokeAsync(string userId, CancellationToken ct = default)
    {
        var revokedAuthorizations = await authorizations.RevokeBySubjectAsync(userId, ct);
        var revokedTokens = await tokens.RevokeBySubjectAsync(userId, ct);
        await audit.RecordAsync("user.tokens-revoked", "User", userId, $"{revokedAuthorizations} authorizations, {revokedTokens} tokens", ct);
        return revokedTokens;
    }
}
