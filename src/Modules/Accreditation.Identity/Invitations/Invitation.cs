using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Invitations;

/// <summary>
/// An invitation to join the platform with roles in an organisation. Only a hash of its link's secret is stored, so
/// the database cannot give the link away; the link works once, until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class Invitation : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The invitee's email address; their account gets it.</summary>
    public required string Email { get; set; }

    /// <summary>SHA-256 of the link's secret, in lower-case hex.</summary>
    public required string TokenHash { get; set; }

    /// <summary>The organisation the invitee will belong to.</summary>
    public Guid OrganisationId { get; set; }

    /// <summary>The roles the invitee will hold, comma-separated.</summary>
    public required string Roles { get; set; }

    /// <summary>The admin who invited them.</summary>
    public string? InvitedByUserId { get; set; }

    /// <summary>When the invitation was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>From this instant the link no longer works.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the link was used; it never works again.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>The account made by accepting.</summary>
    public string? AcceptedUserId { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>The roles as a list.</summary>
    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The Invitations table.</summary>
public static class InvitationsModel
{
    /// <summary>Adds the table.</summary>
    public static void Configure(ModelBuilder builder) =>
        builder.Entity<Invitation>(e =>
        {
            e.ToTable("Invitations");
            e.HasKey(i => i.Id);
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.Roles).HasMaxLength(400);
            e.Property(i => i.InvitedByUserId).HasMaxLength(450);
            e.Property(i => i.AcceptedUserId).HasMaxLength(450);
            e.Ignore(i => i.RoleList);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.Email);
            e.HasOne<Organisations.Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
}
