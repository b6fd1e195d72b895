using Microsoft.EntityFrameworkCore;

namespace Accreditation.Publishing.Data;

/// <summary>The Publishing module's tables in the shared model.</summary>
public static class PublishingModel
{
    /// <summary>Longest title.</summary>
    public const int TitleLength = 200;

    /// <summary>Longest summary.</summary>
    public const int SummaryLength = 600;

    /// <summary>Longest body.</summary>
    public const int BodyLength = 50_000;

    /// <summary>Longest menu label.</summary>
    public const int MenuLabelLength = 60;

    /// <summary>Longest alternative text or document title.</summary>
    public const int MediaTextLength = 300;

    /// <summary>Adds the publishing tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<PracticeUpdate>(e =>
        {
            e.ToTable("PracticeUpdates");
            e.HasKey(u => u.Id);
            e.Property(u => u.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.Audience).HasConversion<string>().HasMaxLength(20);
            e.Property(u => u.Slug).HasMaxLength(120);
            e.Property(u => u.Title).HasMaxLength(TitleLength);
            e.Property(u => u.Summary).HasMaxLength(SummaryLength);
            e.Property(u => u.Body).HasMaxLength(BodyLength);
            e.Property(u => u.Topics).HasMaxLength(500);
            e.Property(u => u.KssStatements).HasMaxLength(200);
            e.Property(u => u.AudienceRoles).HasMaxLength(500);
            e.Property(u => u.AudienceOrganisations).HasMaxLength(2000);
            e.Property(u => u.LastEditedBy).HasMaxLength(450);
            e.Property(u => u.SubmittedBy).HasMaxLength(450);
            e.HasIndex(u => new { u.Kind, u.Slug }).IsUnique();
            e.HasIndex(u => new { u.Status, u.ScheduledFor });
            // No foreign key: SQLite could add one to this existing table only by rebuilding it. Pages are never deleted,
            // and the workflow checks a parent exists and makes no loop.
            e.HasIndex(u => u.ParentId);
            e.Ignore(u => u.TopicList);
        });
        builder.Entity<PracticeUpdateVersion>(e =>
        {
            e.ToTable("PracticeUpdateVersions");
            e.HasKey(v => v.Id);
            e.Property(v => v.Title).HasMaxLength(TitleLength);
            e.Property(v => v.Summary).HasMaxLength(SummaryLength);
            e.Property(v => v.Body).HasMaxLength(BodyLength);
            e.Property(v => v.SavedBy).HasMaxLength(256);
            e.HasIndex(v => new { v.PracticeUpdateId, v.Number }).IsUnique();
            e.HasOne<PracticeUpdate>().WithMany().HasForeignKey(v => v.PracticeUpdateId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<PracticeUpdateEvent>(e =>
        {
            e.ToTable("PracticeUpdateEvents");
            e.HasKey(h => h.Id);
            e.Property(h => h.From).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.To).HasConversion<string>().HasMaxLength(20);
            e.Property(h => h.UserId).HasMaxLength(450);
            e.Property(h => h.By).HasMaxLength(256);
            e.Property(h => h.Note).HasMaxLength(500);
            e.HasIndex(h => h.PracticeUpdateId);
            e.HasOne<PracticeUpdate>().WithMany().HasForeignKey(h => h.PracticeUpdateId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<PageRedirect>(e =>
        {
            e.ToTable("PageRedirects");
            e.HasKey(r => r.Id);
            e.Property(r => r.OldSlug).HasMaxLength(120);
            e.HasIndex(r => r.OldSlug).IsUnique();
            e.HasOne<PracticeUpdate>().WithMany().HasForeignKey(r => r.PracticeUpdateId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MenuItem>(e =>
        {
            e.ToTable("MenuItems");
            e.HasKey(m => m.Id);
            e.Property(m => m.Menu).HasMaxLength(20);
            e.Property(m => m.Label).HasMaxLength(MenuLabelLength);
            e.Property(m => m.Url).HasMaxLength(500);
            e.Property(m => m.Audience).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Roles).HasMaxLength(500);
            e.HasIndex(m => new { m.Menu, m.Position });
            e.HasOne<PracticeUpdate>().WithMany().HasForeignKey(m => m.PageId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MenuSetUp>(e =>
        {
            e.ToTable("MenusSetUp");
            e.HasKey(m => m.Menu);
            e.Property(m => m.Menu).HasMaxLength(20);
        });
        builder.Entity<MediaFile>(e =>
        {
            e.ToTable("MediaFiles");
            e.HasKey(m => m.Id);
            e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Text).HasMaxLength(MediaTextLength);
            e.Property(m => m.ContentType).HasMaxLength(100);
            e.Property(m => m.Extension).HasMaxLength(10);
            e.Property(m => m.UploadedBy).HasMaxLength(450);
        });
        builder.Entity<MediaVariant>(e =>
        {
            e.ToTable("MediaVariants");
            e.HasKey(v => v.Id);
            e.HasIndex(v => new { v.MediaFileId, v.Width }).IsUnique();
            e.HasOne<MediaFile>().WithMany().HasForeignKey(v => v.MediaFileId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<UpdateSubscription>(e =>
        {
            e.ToTable("UpdateSubscriptions");
            e.HasKey(s => s.Id);
            e.Property(s => s.UserId).HasMaxLength(450);
            e.Property(s => s.Topic).HasMaxLength(100);
            e.Property(s => s.Frequency).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(s => new { s.UserId, s.Topic }).IsUnique();
        });
        builder.Entity<SentUpdate>(e =>
        {
            e.ToTable("SentUpdates");
            e.HasKey(s => new { s.SubscriptionId, s.PracticeUpdateId });
            e.HasOne<UpdateSubscription>().WithMany().HasForeignKey(s => s.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<PracticeUpdate>().WithMany().HasForeignKey(s => s.PracticeUpdateId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
