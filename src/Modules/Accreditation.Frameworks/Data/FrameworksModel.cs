using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Data;

/// <summary>The Frameworks module's tables in the shared model.</summary>
public static class FrameworksModel
{
    /// <summary>Longest key.</summary>
    public const int KeyLength = 100;

    /// <summary>Longest framework name or statement title.</summary>
    public const int TitleLength = 200;

    /// <summary>Longest framework or statement description.</summary>
    public const int DescriptionLength = 2000;

    /// <summary>Most statements in one version.</summary>
    public const int MaxStatements = 100;

    /// <summary>Adds the Frameworks, FrameworkVersions and KssStatements tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Framework>(e =>
        {
            e.ToTable("Frameworks");
            e.HasKey(f => f.Id);
            e.Property(f => f.Key).HasMaxLength(KeyLength);
            e.Property(f => f.Name).HasMaxLength(TitleLength);
            e.Property(f => f.Description).HasMaxLength(DescriptionLength);
            e.HasIndex(f => f.Key).IsUnique();
            e.HasMany(f => f.Versions).WithOne(v => v.Framework).HasForeignKey(v => v.FrameworkId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<FrameworkVersion>(e =>
        {
            e.ToTable("FrameworkVersions");
            e.HasKey(v => v.Id);
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(v => new { v.FrameworkId, v.Number }).IsUnique();
            e.HasMany(v => v.Statements).WithOne().HasForeignKey(s => s.FrameworkVersionId).OnDelete(DeleteBehavior.Cascade);
            e.Ignore(v => v.IsPublished);
        });
        builder.Entity<KssStatement>(e =>
        {
            e.ToTable("KssStatements");
            e.HasKey(s => s.Id);
            e.Property(s => s.Title).HasMaxLength(TitleLength);
            e.Property(s => s.Description).HasMaxLength(DescriptionLength);
            e.HasIndex(s => new { s.FrameworkVersionId, s.Number }).IsUnique();
        });
    }
}
