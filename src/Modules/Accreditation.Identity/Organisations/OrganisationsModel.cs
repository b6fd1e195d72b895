using Accreditation.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Organisations;

/// <summary>The Organisations table, and the link from people to their organisation.</summary>
public static class OrganisationsModel
{
    /// <summary>Longest organisation name.</summary>
    public const int NameLength = 200;

    /// <summary>Longest code.</summary>
    public const int CodeLength = 20;

    /// <summary>Adds the table and the foreign key from AspNetUsers.OrganisationId.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Organisation>(e =>
        {
            e.ToTable("Organisations");
            e.HasKey(o => o.Id);
            e.Property(o => o.Name).HasMaxLength(NameLength);
            e.Property(o => o.Code).HasMaxLength(CodeLength);
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
            e.Property(o => o.Region).HasConversion<string>().HasMaxLength(40);
            e.HasIndex(o => o.Code).IsUnique();
            e.HasIndex(o => o.Name);
        });
        builder.Entity<PlatformUser>()
            .HasOne<Organisation>()
            .WithMany()
            .HasForeignKey(u => u.OrganisationId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
