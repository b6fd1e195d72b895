using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>Signed one-click unsubscribe links: each names one subscription and cannot be altered to name another.</summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection, IConfiguration configuration)
{
    private readonly IDataProtector protector = protection.CreateProtector("Accreditation.Publishing.Unsubscribe.v1");

    /// <summary>The token for a subscription.</summary>
    public string Create(Guid subscriptionId) => protector.Protect(subscriptionId.ToString("N"));

    /// <summary>The subscription a token names, or null when it was altered or is not a token.</summary>
    public Guid? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            return Guid.TryParseExact(protector.Unprotect(token), "N", out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The absolute https link that unsubscribes in one click.</summary>
    public string Url(Guid subscriptionId) => $"{BaseUrl(configuration)}/updates/unsubscribe/{Uri.EscapeDataString(Create(subscriptionId))}";

    /// <summary>The site's public address (Publishing:BaseUrl, else Site:BaseUrl), without a trailing slash.</summary>
    public static string BaseUrl(IConfiguration configuration) =>
        (configuration["Publishing:BaseUrl"] is { Length: > 0 } url ? url
            : configuration["Site:BaseUrl"] is { Length: > 0 } site ? site
            : "https://localhost").TrimEnd('/');
}
