using System.Security.Cryptography;
using Accreditation.Core.Web;
using Microsoft.AspNetCore.DataProtection;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>Signed one-click unsubscribe links: each names one subscription and cannot be altered to name another.</summary>
public sealed class UnsubscribeTokens(IDataProtectionProvider protection, SiteAddress site)
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

    /// <summary>The absolute link, on the site's address, that unsubscribes in one click.</summary>
    public string Url(Guid subscriptionId) => site.Link($"/updates/unsubscribe/{Uri.EscapeDataString(Create(subscriptionId))}");
}
