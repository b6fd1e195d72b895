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
    });
}
