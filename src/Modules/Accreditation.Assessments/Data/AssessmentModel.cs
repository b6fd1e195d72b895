using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Data;

/// <summary>The knowledge assessment's tables in the shared model.</summary>
public static class AssessmentModel
{
    /// <summary>Longest stem, scenario or option list.</summary>
    public const int TextLength = 8000;

    /// <summary>Adds the module's tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<QuestionItem>(e =>
        {
            e.ToTable("AssessmentItems");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(50);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Group).HasMaxLength(100);
            e.Property(x => x.Statements).HasMaxLength(200);
            e.Property(x => x.ScenarioKey).HasMaxLength(50);
            e.Property(x => x.ScenarioText).HasMaxLength(TextLength);
            e.Property(x => x.Stem).HasMaxLength(TextLength);
            e.Property(x => x.Options).HasMaxLength(TextLength);
            e.Property(x => x.Correct).HasMaxLength(50);
            e.Property(x => x.Rationale).HasMaxLength(TextLength);
            e.Property(x => x.EditedById).HasMaxLength(450);
            e.Property(x => x.ReviewedById).HasMaxLength(450);
            e.HasIndex(x => new { x.Key, x.Number }).IsUnique();
            e.HasIndex(x => x.Status);
        });
        builder.Entity<Blueprint>(e =>
        {
            e.ToTable("AssessmentBlueprints");
            e.HasKey(x => x.Id);
            e.Property(x => x.Rules).HasMaxLength(1000);
            e.HasIndex(x => x.ProgrammeId).IsUnique();
        });
        builder.Entity<SittingAdjustment>(e =>
        {
            e.ToTable("AssessmentAdjustments");
            e.HasKey(x => x.EnrolmentId);
            e.Property(x => x.SetById).HasMaxLength(450);
        });
        builder.Entity<Sitting>(e =>
        {
            e.ToTable("AssessmentSittings");
            e.HasKey(x => x.Id);
            e.Property(x => x.CandidateId).HasMaxLength(450);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.GroupFeedback).HasMaxLength(2000);
            e.HasIndex(x => new { x.EnrolmentId, x.Attempt }).IsUnique();
            e.HasIndex(x => x.ProgrammeId);
            e.HasIndex(x => new { x.Status, x.Deadline });
            // One active sitting per candidate, enforced by the database (two tabs starting at once cannot both win).
            e.HasIndex(x => x.CandidateId).IsUnique().HasFilter("\"Status\" = 'Active'").HasDatabaseName("IX_AssessmentSittings_OneActive");
        });
        builder.Entity<SittingItem>(e =>
        {
            e.ToTable("AssessmentSittingItems");
            e.HasKey(x => new { x.SittingId, x.Position });
            e.Property(x => x.OptionOrder).HasMaxLength(50);
            e.Property(x => x.OptionTokens).HasMaxLength(200);
            e.Property(x => x.Answer).HasMaxLength(50);
            e.HasIndex(x => x.ItemId);
            e.HasOne<Sitting>().WithMany().HasForeignKey(x => x.SittingId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<QuestionItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
