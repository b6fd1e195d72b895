using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Data;

/// <summary>The Marking module's tables in the shared model.</summary>
public static class MarkingModel
{
    /// <summary>Longest comment or rationale.</summary>
    public const int CommentLength = 8000;

    /// <summary>Adds the module's tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Rubric>(e =>
        {
            e.ToTable("Rubrics");
            e.HasKey(x => x.Id);
            e.Property(x => x.FrameworkKey).HasMaxLength(100);
            e.Property(x => x.LevelsJson).HasMaxLength(4000);
            e.HasIndex(x => x.FrameworkVersionId).IsUnique();
            e.HasMany(x => x.Statements).WithOne().HasForeignKey(s => s.RubricId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<StatementRubric>(e =>
        {
            e.ToTable("StatementRubrics");
            e.HasKey(x => x.Id);
            e.Property(x => x.DescriptorsJson).HasMaxLength(CommentLength);
            e.Property(x => x.MarkerGuidance).HasMaxLength(CommentLength);
            e.HasIndex(x => new { x.RubricId, x.StatementNumber }).IsUnique();
        });
        builder.Entity<DecisionRule>(e =>
        {
            e.ToTable("DecisionRules");
            e.HasKey(x => x.Id);
            e.Property(x => x.CreatedById).HasMaxLength(450);
            e.Property(x => x.RequiredComponents).HasMaxLength(500);
            e.HasIndex(x => new { x.ProgrammeId, x.Number }).IsUnique();
        });
        builder.Entity<AssessorProfile>(e =>
        {
            e.ToTable("AssessorProfiles");
            e.HasKey(x => x.UserId);
            e.Property(x => x.UserId).HasMaxLength(450);
        });
        builder.Entity<AssessorConflict>(e =>
        {
            e.ToTable("AssessorConflicts");
            e.HasKey(x => x.Id);
            e.Property(x => x.UserId).HasMaxLength(450);
            e.Property(x => x.PersonEmail).HasMaxLength(254);
            e.Property(x => x.Note).HasMaxLength(500);
            e.HasIndex(x => x.UserId);
        });
        builder.Entity<MarkingCase>(e =>
        {
            e.ToTable("MarkingCases");
            e.HasKey(x => x.Id);
            e.Property(x => x.CandidateNumber).HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.PortfolioDecision).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ModerationBlocked).HasMaxLength(1000);
            e.Property(x => x.SecondMarkingReason).HasMaxLength(20);
            e.Property(x => x.ModerationRationale).HasMaxLength(CommentLength);
            e.Property(x => x.ReleasedById).HasMaxLength(450);
            e.HasIndex(x => x.SubmissionId).IsUnique();
            e.HasIndex(x => x.CandidateNumber).IsUnique();
            e.HasIndex(x => x.SampleOrdinal).IsUnique();
            e.HasIndex(x => x.Status);
            e.HasIndex(x => x.EnrolmentId);
            e.HasMany(x => x.Markings).WithOne(m => m.Case).HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AssessorMarking>(e =>
        {
            e.ToTable("Markings");
            e.HasKey(x => x.Id);
            e.Property(x => x.AssessorId).HasMaxLength(450);
            e.Property(x => x.Role).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.OverallComment).HasMaxLength(CommentLength);
            e.HasIndex(x => x.AssessorId);
            // The lead report's stamp: how many markings are submitted and the newest submission, read on each view.
            e.HasIndex(x => new { x.Status, x.SubmittedAt });
            e.HasMany(x => x.Marks).WithOne().HasForeignKey(m => m.MarkingId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<StatementMark>(e =>
        {
            e.ToTable("StatementMarks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Comment).HasMaxLength(CommentLength);
            e.HasIndex(x => new { x.MarkingId, x.StatementNumber }).IsUnique();
        });
        builder.Entity<Appeal>(e =>
        {
            e.ToTable("Appeals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Grounds).HasMaxLength(CommentLength);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.OriginalDecision).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.OutcomeDecision).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => x.CaseId);
            e.HasOne<MarkingCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Award>(e =>
        {
            e.ToTable("Awards");
            e.HasKey(x => x.Id);
            e.Property(x => x.HolderId).HasMaxLength(450);
            e.Property(x => x.HolderName).HasMaxLength(200);
            e.Property(x => x.ProgrammeName).HasMaxLength(200);
            e.Property(x => x.FrameworkKey).HasMaxLength(100);
            e.Property(x => x.FrameworkName).HasMaxLength(200);
            e.Property(x => x.VerificationCode).HasMaxLength(40);
            e.Property(x => x.RevocationReason).HasMaxLength(1000);
            e.HasIndex(x => x.VerificationCode).IsUnique();
            e.HasIndex(x => x.StatusListIndex).IsUnique();
            e.HasIndex(x => x.HolderId);
            e.HasIndex(x => x.CaseId);
        });
        builder.Entity<DecisionComponent>(e =>
        {
            e.ToTable("DecisionComponents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Key).HasMaxLength(50);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Summary).HasMaxLength(1000);
            e.Property(x => x.NextStep).HasMaxLength(1000);
            e.Property(x => x.Reference).HasMaxLength(100);
            e.HasIndex(x => new { x.CaseId, x.Key }).IsUnique();
            e.HasOne<MarkingCase>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<CredentialSigningKey>(e =>
        {
            e.ToTable("CredentialSigningKeys");
            e.HasKey(x => x.Id);
            e.Property(x => x.KeyId).HasMaxLength(100);
            e.Property(x => x.ProtectedKey).HasMaxLength(8000);
        });
    }
}
