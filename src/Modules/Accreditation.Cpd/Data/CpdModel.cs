using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Data;

/// <summary>The CPD module's tables in the shared model.</summary>
public static class CpdModel
{
    /// <summary>Longest title or name.</summary>
    public const int NameLength = 200;

    /// <summary>Longest text of one field.</summary>
    public const int TextLength = 20_000;

    /// <summary>Adds the module's tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<CpdRecord>(e =>
        {
            e.ToTable("CpdRecords");
            e.HasKey(x => x.Id);
            e.Property(x => x.OwnerId).HasMaxLength(450);
            e.Property(x => x.ActivityType).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Title).HasMaxLength(NameLength);
            e.Property(x => x.Description).HasMaxLength(TextLength);
            e.Property(x => x.Learning).HasMaxLength(TextLength);
            e.Property(x => x.Impact).HasMaxLength(TextLength);
            e.Property(x => x.PeerLearning).HasMaxLength(TextLength);
            e.Property(x => x.Link).HasMaxLength(2000);
            e.Property(x => x.SourceKind).HasMaxLength(50);
            e.Property(x => x.SourceId).HasMaxLength(100);
            e.Property(x => x.PeerName).HasMaxLength(NameLength);
            e.Property(x => x.PeerRole).HasMaxLength(NameLength);
            e.Ignore(x => x.HasPeerReflection);
            e.Ignore(x => x.Hours);
            // A person's records by date; the draft flag and minutes ride along so a CPD summary (the API's list of a
            // hundred practitioners) is read from the index alone, without a visit to each record.
            e.HasIndex(x => new { x.OwnerId, x.Date, x.IsDraft, x.Minutes });

            // Only records still without a sketch (made before sketches existed): the duplicate check reads those of the
            // authority and the background task fills them in; once filled in, the index is empty.
            e.HasIndex(x => x.OwnerId).HasFilter("\"SketchShingles\" IS NULL").HasDatabaseName("IX_CpdRecords_Unsketched");
            e.HasMany(x => x.Statements).WithOne().HasForeignKey(s => s.RecordId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Attachments).WithOne().HasForeignKey(a => a.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CpdStatementLink>(e =>
        {
            e.ToTable("CpdStatementLinks");
            e.HasKey(x => new { x.RecordId, x.StatementId });
            e.Property(x => x.Label).HasMaxLength(NameLength + 20);
        });
        builder.Entity<CpdSketchBand>(e =>
        {
            e.ToTable("CpdSketchBands");
            e.HasKey(x => new { x.RecordId, x.Band });
            e.HasIndex(x => x.Value);
            e.HasOne<CpdRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CpdAttachment>(e =>
        {
            e.ToTable("CpdAttachments");
            e.HasKey(x => x.Id);
            e.Property(x => x.FileName).HasMaxLength(NameLength);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.HasIndex(x => x.RecordId);
        });
        builder.Entity<CpdPreference>(e =>
        {
            e.ToTable("CpdPreferences");
            e.HasKey(x => x.PersonId);
            e.Property(x => x.PersonId).HasMaxLength(450);
        });
        builder.Entity<CpdReminderSent>(e =>
        {
            e.ToTable("CpdRemindersSent");
            e.HasKey(x => x.Id);
            e.Property(x => x.PersonId).HasMaxLength(450);
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Year).HasMaxLength(10);
            e.HasIndex(x => new { x.PersonId, x.Kind, x.Year }).IsUnique();
        });
    }
}
