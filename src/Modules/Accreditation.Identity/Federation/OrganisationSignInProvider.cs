using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Federation;

/// <summary>An organisation's own OpenID Connect provider, through which its people sign in ("Sign in with ...").</summary>
public sealed class OrganisationSignInProvider : IVersioned
{
    /// <summary>The organisation (one provider per organisation).</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The name on the button: "Sign in with {DisplayName}".</summary>
    public required string DisplayName { get; set; }

    /// <summary>The provider's issuer; its discovery document is under /.well-known/openid-configuration.</summary>
    public required string Authority { get; set; }

    /// <summary>Our client id at the provider.</summary>
    public required string ClientId { get; set; }

    /// <summary>Our client secret at the provider, encrypted with the data-protection key ring.</summary>
    public required string ProtectedClientSecret { get; set; }

    /// <summary>Whether the button is offered.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether a sign-in through this provider counts as this service's second factor when the provider's token says
    /// the person gave one ("amr" naming a second factor, or an "acr" value in <see cref="TrustedAcrValues"/>).
    /// </summary>
    public bool TrustSecondFactor { get; set; }

    /// <summary>The "acr" values (space-separated) that mean the person gave a second factor at this provider.</summary>
    public string TrustedAcrValues { get; set; } = "";

    /// <summary>The "amr" values (RFC 8176) that name a second factor: multi-factor, hardware or software key, one-time code, smart card.</summary>
    public static readonly IReadOnlySet<string> SecondFactorMethods = new HashSet<string>(StringComparer.Ordinal) { "mfa", "hwk", "swk", "otp", "sc" };

    /// <summary>Whether a token's "amr" and "acr" show a second factor this provider is trusted for.</summary>
    public bool ProvesSecondFactor(IEnumerable<string> amr, string? acr) =>
        TrustSecondFactor &&
        (amr.Any(SecondFactorMethods.Contains) ||
         (!string.IsNullOrWhiteSpace(acr) && TrustedAcrValues.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(acr.Trim(), StringComparer.Ordinal)));

    /// <summary>When it was last changed (registrations are rebuilt when this changes).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The table.</summary>
    public static void Configure(ModelBuilder builder) => builder.Entity<OrganisationSignInProvider>(e =>
    {
        e.ToTable("OrganisationSignInProviders");
        e.HasKey(p => p.OrganisationId);
        e.Property(p => p.DisplayName).HasMaxLength(200);
        e.Property(p => p.Authority).HasMaxLength(500);
        e.Property(p => p.ClientId).HasMaxLength(200);
        e.Property(p => p.ProtectedClientSecret).HasMaxLength(2000);
        e.Property(p => p.TrustedAcrValues).HasMaxLength(500);
    });
}
