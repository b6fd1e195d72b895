using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Data;

/// <summary>The Portfolios module's tables in the shared model.</summary>
public static class PortfoliosModel
{
    /// <summary>Longest name or title.</summary>
    public const int NameLength = 200;

    /// <summary>Longest evidence text (a long reflective account is a few thousand words).</summary>
    public const int BodyLength = 100_000;

    /// <summary>Longest rationale, statement of readiness, reasons or adjustment request.</summary>
    public const int ShortTextLength = 4000;

    /// <summary>Adds the module's tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Programme>(e =>
        {
            e.ToTable("Programmes");
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(NameLength);
            e.Property(p => p.FrameworkKey).HasMaxLength(100);
            e.HasIndex(p => p.Name).IsUnique();
            e.HasMany(p => p.Windows).WithOne(w => w.Programme).HasForeignKey(w => w.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AssessmentWindow>(e =>
        {
            e.ToTable("AssessmentWindows");
            e.HasKey(w => w.Id);
            e.Property(w => w.Name).HasMaxLength(NameLength);
            e.HasIndex(w => new { w.ProgrammeId, w.Name }).IsUnique();
        });
        builder.Entity<Enrolment>(e =>
        {
            e.ToTable("Enrolments");
            e.HasKey(x => x.Id);
            e.Property(x => x.CandidateId).HasMaxLength(450);
            e.Property(x => x.NominatedById).HasMaxLength(450);
            e.Property(x => x.ReasonableAdjustments).HasMaxLength(ShortTextLength);
            e.HasIndex(x => new { x.WindowId, x.CandidateId }).IsUnique();
            e.HasIndex(x => x.CandidateId);
            e.HasIndex(x => x.OrganisationId);
            e.HasOne(x => x.Window).WithMany().HasForeignKey(x => x.WindowId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<EvidenceItem>(e =>
        {
            e.ToTable("EvidenceItems");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(x => x.Title).HasMaxLength(NameLength);
            e.Property(x => x.Body).HasMaxLength(BodyLength);
            e.Property(x => x.ObserverName).HasMaxLength(NameLength);
            e.Property(x => x.ObserverRole).HasMaxLength(NameLength);
            e.HasIndex(x => x.EnrolmentId);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(x => x.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.File).WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Mappings).WithOne().HasForeignKey(m => m.ItemId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Revisions).WithOne().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<EvidenceMapping>(e =>
        {
            e.ToTable("EvidenceMappings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Rationale).HasMaxLength(ShortTextLength);
            e.HasIndex(x => new { x.ItemId, x.StatementId }).IsUnique();
        });
        builder.Entity<EvidenceRevision>(e =>
        {
            e.ToTable("EvidenceRevisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Title).HasMaxLength(NameLength);
            e.Property(x => x.Body).HasMaxLength(BodyLength);
            e.HasIndex(x => new { x.ItemId, x.Number }).IsUnique();
        });
        builder.Entity<PortfolioFile>(e =>
        {
            e.ToTable("PortfolioFiles");
            e.HasKey(x => x.Id);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.HasIndex(x => x.EnrolmentId);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(x => x.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Endorsement>(e =>
        {
            e.ToTable("Endorsements");
            e.HasKey(x => x.Id);
            e.Property(x => x.EndorserId).HasMaxLength(450);
            e.Property(x => x.EndorserName).HasMaxLength(NameLength);
            e.Property(x => x.EndorserEmail).HasMaxLength(254);
            e.Property(x => x.EndorserRole).HasMaxLength(100);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Nonce).HasMaxLength(64);
            e.Property(x => x.ReadinessStatement).HasMaxLength(ShortTextLength);
            e.Property(x => x.DeclineReasons).HasMaxLength(ShortTextLength);
            e.Property(x => x.EndorsedContentHash).HasMaxLength(64);
            e.HasIndex(x => x.EnrolmentId);
            e.HasIndex(x => new { x.EndorserId, x.Status });
            e.HasOne<Enrolment>().WithMany().HasForeignKey(x => x.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Submission>(e =>
        {
            e.ToTable("Submissions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.HasIndex(x => x.EnrolmentId);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(x => x.EnrolmentId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(x => x.Files).WithOne().HasForeignKey(f => f.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<SubmissionFile>(e =>
        {
            e.ToTable("SubmissionFiles");
            e.HasKey(x => new { x.SubmissionId, x.FileId });
            e.HasOne<PortfolioFile>().WithMany().HasForeignKey(x => x.FileId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
