using Accreditation.Research.SavedSearches;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Library;

/// <summary>The research library's tables in the shared model.</summary>
public static class ResearchModel
{
    /// <summary>Adds the entity configurations.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ResearchItem>(e =>
        {
            e.ToTable("ResearchItems");
            e.HasKey(i => i.Id);
            e.Property(i => i.Title).HasMaxLength(500);
            e.Property(i => i.Authors).HasMaxLength(2000);
            e.Property(i => i.Source).HasMaxLength(500);
            e.Property(i => i.Type).HasConversion<string>().HasMaxLength(40);
            e.Property(i => i.Access).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Abstract).HasMaxLength(20000);
            e.Property(i => i.Link).HasMaxLength(2000);
            e.Property(i => i.Doi).HasMaxLength(300);
            e.HasOne(i => i.EvidenceLevel).WithMany().HasForeignKey(i => i.EvidenceLevelId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(i => i.Topics).WithMany(t => t.Items).UsingEntity(
                "ResearchItemTopics",
                r => r.HasOne(typeof(ResearchTopic)).WithMany().HasForeignKey("TopicId").OnDelete(DeleteBehavior.Cascade),
                l => l.HasOne(typeof(ResearchItem)).WithMany().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade),
                j => j.HasKey("ItemId", "TopicId"));
            e.HasIndex(i => i.Doi);
            e.Property(i => i.MatchKey).HasMaxLength(520);
            e.HasIndex(i => i.MatchKey);
        });
        builder.Entity<ResearchTopic>(e =>
        {
            e.ToTable("ResearchTopics");
            e.HasKey(t => t.Id);
            e.Property(t => t.Name).HasMaxLength(200);
            e.HasIndex(t => t.Name).IsUnique();
        });
        builder.Entity<EvidenceLevel>(e =>
        {
            e.ToTable("ResearchEvidenceLevels");
            e.HasKey(l => l.Id);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Description).HasMaxLength(1000);
            e.HasIndex(l => l.Name).IsUnique();
        });
        builder.Entity<GlossaryEntry>(e =>
        {
            e.ToTable("ResearchGlossary");
            e.HasKey(g => g.Id);
            e.Property(g => g.Terms).HasMaxLength(1000);
        });
        builder.Entity<SavedSearch>(e =>
        {
            e.ToTable("ResearchSavedSearches");
            e.HasKey(s => s.Id);
            e.Property(s => s.UserId).HasMaxLength(450);
            e.Property(s => s.Name).HasMaxLength(SavedSearch.MaxNameLength);
            e.Property(s => s.Query).HasMaxLength(SavedSearch.MaxQueryLength);
            e.HasIndex(s => s.UserId);
            e.HasIndex(s => s.WeeklyAlert);
        });
        builder.Entity<SavedSearchAlertItem>(e =>
        {
            e.ToTable("ResearchSavedSearchAlertItems");
            e.HasKey(s => new { s.SavedSearchId, s.ItemId });
            e.HasOne<SavedSearch>().WithMany().HasForeignKey(s => s.SavedSearchId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ResearchItem>().WithMany().HasForeignKey(s => s.ItemId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<IndexTask>(e =>
        {
            e.ToTable("ResearchIndexTasks");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedOnAdd();
            e.HasIndex(t => t.CreatedAt);
        });
    }
}
