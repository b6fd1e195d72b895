using System.Buffers.Text;
using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Forms;
using Accreditation.Identity.OpenIdConnect;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Accreditation.Identity.Clients;

/// <summary>What an admin or a recipe says about a client application.</summary>
public sealed record ClientInput(
    string ClientId,
    string DisplayName,
    string ClientType,
    bool FirstParty,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Flows,
    IReadOnlyList<string> Scopes,
    Guid? OrganisationId);

/// <summary>A client application as admins see it.</summary>
public sealed record ClientSummary(string Id, ClientInput Input);

/// <summary>
/// Registers, changes and removes client applications through OpenIddict's application manager (which hashes
/// secrets), and records every change in the audit trail.
/// </summary>
public sealed class ClientApplications(IOpenIddictApplicationManager applications, IAuditTrail audit)
{
    /// <summary>The flow names admins and recipes use.</summary>
    public static readonly IReadOnlyList<string> KnownFlows = [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    /// <summary>Why a redirect URI is refused (absolute, https unless loopback, no fragment), or null.</summary>
    public static string? UriProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            return "enter an absolute URI, like https://example.gov.uk/signin-oidc";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "a redirect URI cannot have a fragment (#...)";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback ? null : "use https (http only for loopback addresses such as http://127.0.0.1)";
    }

    /// <summary>All clients, by name.</summary>
    public async Task<IReadOnlyList<ClientSummary>> ListAsync(CancellationToken ct = default)
    {
        var list = new List<ClientSummary>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, ct))
        {
            list.Add(new ClientSummary((await applications.GetIdAsync(application, ct))!, await ReadAsync(application, ct)));
        }

        return list.OrderBy(c => c.Input.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>One client by its client id, or null.</summary>
    public async Task<ClientInput?> FindAsync(string clientId, CancellationToken ct = default) =>
        await applications.FindByClientIdAsync(clientId, ct) is { } application ? await ReadAsync(application, ct) : null;

    /// <summary>
    /// Registers a client. A confidential client gets <paramref name="secret"/> or a generated one, returned here
    /// once and stored only hashed.
    /// </summary>
    public async Task<(string? Secret, IReadOnlyList<FormError> Problems)> CreateAsync(ClientInput input, string? secret = null, CancellationToken ct = default)
    {
        var problems = ClientInputValidator.Instance.Validate(input).ToFormErrors();
        if (problems.Count == 0 && await applications.FindByClientIdAsync(input.ClientId, ct) is not null)
        {
            problems.Add(new("ClientId", "A client with this client ID already exists"));
        }

        if (secret is not null && secret.Length < 32)
        {
            problems.Add(new("Secret", "A client secret must be at least 32 characters"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        Describe(descriptor, input);
        if (input.ClientType == ClientTypes.Confidential)
        {
            secret ??= NewSecret();
            descriptor.ClientSecret = secret;
        }
        else
        {
            secret = null;
        }

        audit.Add("client.created", "OpenIdClient", input.ClientId, Summary(input));
        await applications.CreateAsync(descriptor, ct);
        return (secret, []);
    }

    /// <summary>Changes a client (its client id and type stay as they are; the secret is kept).</summary>
    public async Task<IReadOnlyList<FormError>> UpdateAsync(string clientId, ClientInput input, CancellationToken ct = default)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null)
        {
            return [new("ClientId", "This client no longer exists")];
        }

        var current = await ReadAsync(application, ct);
        input = input with { ClientId = clientId, ClientType = current.ClientType };
        var problems = ClientInputValidator.Instance.Validate(input).ToFormErrors();
        if (problems.Count > 0)
        {
            return problems;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        Describe(descriptor, input);
        descriptor.ClientSecret = null; // keep the stored hash
        audit.Add("client.updated", "OpenIdClient", clientId, Summary(input));
        await applications.UpdateAsync(application, descriptor, ct);
        return [];
    }

    /// <summary>Replaces a confidential client's secret; the new one is returned once.</summary>
    public async Task<string?> RegenerateSecretAsync(string clientId, CancellationToken ct = default)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null || await applications.GetClientTypeAsync(application, ct) != ClientTypes.Confidential)
        {
            return null;
        }

        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, ct);
        descriptor.ClientSecret = secret;
        audit.Add("client.secret-replaced", "OpenIdClient", clientId);
        await applications.UpdateAsync(application, descriptor, ct);
        return secret;
    }

    /// <summary>Removes a client; its tokens and authorizations go with it.</summary>
    public async Task<bool> DeleteAsync(string clientId, CancellationToken ct = default)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct);
        if (application is null)
        {
            return false;
        }

        audit.Add("client.deleted", "OpenIdClient", clientId);
        await applications.DeleteAsync(application, ct);
        return true;
    }

    /// <summary>A new secret: 256 random bits, URL-safe.</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private async Task<ClientInput> ReadAsync(object application, CancellationToken ct)
    {
        var permissions = await applications.GetPermissionsAsync(application, ct);
        var flows = KnownFlows.Where(f => permissions.Contains(OpenIddictConstants.Permissions.Prefixes.GrantType + f)).ToList();
        var scopes = ConnectScopes.All
            .Where(s => s == OpenIddictConstants.Scopes.OpenId ? flows.Contains(GrantTypes.AuthorizationCode) : permissions.Contains(OpenIddictConstants.Permissions.Prefixes.Scope + s))
            .ToList();
        return new ClientInput(
            (await applications.GetClientIdAsync(application, ct))!,
            await applications.GetDisplayNameAsync(application, ct) ?? "",
            await applications.GetClientTypeAsync(application, ct) ?? ClientTypes.Confidential,
            await applications.GetConsentTypeAsync(application, ct) == ConsentTypes.Implicit,
            (await applications.GetRedirectUrisAsync(application, ct)).ToList(),
            (await applications.GetPostLogoutRedirectUrisAsync(application, ct)).ToList(),
            flows,
            scopes,
            await ClientOrganisation.OfAsync(applications, application, ct));
    }

    private static void Describe(OpenIddictApplicationDescriptor descriptor, ClientInput input)
    {
        descriptor.ClientId = input.ClientId;
        descriptor.DisplayName = input.DisplayName.Trim();
        descriptor.ClientType = input.ClientType;
        // First-party applications (ours, or an authority's own case system acting for its staff) need no consent
        // screen; third-party ones always ask the person.
        descriptor.ConsentType = input.FirstParty ? ConsentTypes.Implicit : ConsentTypes.Explicit;
        descriptor.RedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.Clear();
        descriptor.Permissions.Clear();
        descriptor.Requirements.Clear();
        foreach (var uri in input.RedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        foreach (var uri in input.PostLogoutRedirectUris)
        {
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        descriptor.Permissions.Add(OpenIddictConstants.Permissions.Endpoints.Token);
        descriptor.Permissions.Add(OpenIddictConstants.Permissions.Endpoints.Revocation);
        if (input.Flows.Contains(GrantTypes.AuthorizationCode))
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Endpoints.EndSession);
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode);
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }

        if (input.Flows.Contains(GrantTypes.RefreshToken))
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.GrantTypes.RefreshToken);
        }

        if (input.Flows.Contains(GrantTypes.ClientCredentials))
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.GrantTypes.ClientCredentials);
        }

        foreach (var scope in input.Scopes.Where(s => s != OpenIddictConstants.Scopes.OpenId).Distinct())
        {
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
        }

        ClientOrganisation.Set(descriptor, input.OrganisationId);
    }

    private static string Summary(ClientInput input) =>
        $"{input.ClientType}; flows {string.Join(",", input.Flows)}; scopes {string.Join(",", input.Scopes)}; redirect {string.Join(" ", input.RedirectUris)}; " +
        $"post-logout {string.Join(" ", input.PostLogoutRedirectUris)}; organisation {input.OrganisationId?.ToString() ?? "none"}; {(input.FirstParty ? "first-party" : "third-party")}";
}
