using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Data;

/// <summary>What a person asked for.</summary>
public enum PrivacyRequestKind
{
    /// <summary>A copy of everything held about them (subject access).</summary>
    Access,

    /// <summary>Erasure of their personal data (on request, or when their account is closed).</summary>
    Erasure,
}

/// <summary>Where a request is.</summary>
public enum PrivacyRequestState
{
    /// <summary>Received; waiting for the background task.</summary>
    Queued,

    /// <summary>The copy is being prepared.</summary>
    Building,

    /// <summary>The copy can be downloaded until it expires.</summary>
    Ready,

    /// <summary>The copy was downloaded (it can be downloaded again until it expires).</summary>
    Downloaded,

    /// <summary>The copy's 7 days are over and it was deleted.</summary>
    Expired,

    /// <summary>Something went wrong; the error says what, and an admin can try again.</summary>
    Failed,

    /// <summary>The erasure is running.</summary>
    Erasing,

    /// <summary>Erased except what legal holds keep; tried again daily until they end.</summary>
    Waiting,

    /// <summary>Erased: the person's data is deleted or anonymised as the plan said.</summary>
    Erased,
}

/// <summary>
/// A subject access or erasure request: who it is about, who asked, when it was received and is due (one calendar month),
/// and where it is. Claimed by one node at a time through its lease. Once the person is erased, their id here becomes
/// their pseudonym: the request stays as the record that it was answered.
/// </summary>
public sealed class PrivacyRequest : IVersioned
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>What was asked for.</summary>
    public PrivacyRequestKind Kind { get; set; }

    /// <summary>Where it is.</summary>
    public PrivacyRequestState State { get; set; }

    /// <summary>The person it is about (user id; their pseudonym once erased).</summary>
    public required string SubjectId { get; set; }

    /// <summary>Who asked: the person themselves or a platform admin (user id; a pseudonym once erased).</summary>
    public required string RequestedById { get; set; }

    /// <summary>When it was received.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The UK date by which it must be answered: one calendar month from receipt.</summary>
    public DateOnly DueOn { get; set; }

    /// <summary>For an erasure: the pseudonym that replaces the person's id in what is kept (fixed when asked).</summary>
    public string? Pseudonym { get; set; }

    /// <summary>For an erasure: the plan shown and confirmed, as JSON (plan lines; no names).</summary>
    public string? PlanJson { get; set; }

    /// <summary>What was done (erasure), or the copy's contents in brief (access), as JSON.</summary>
    public string? OutcomeJson { get; set; }

    /// <summary>What went wrong last time.</summary>
    public string? Error { get; set; }

    /// <summary>When it was answered (the copy ready, or the erasure done).</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the copy stops being downloadable and is deleted.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the copy was first downloaded.</summary>
    public DateTimeOffset? DownloadedAt { get; set; }

    /// <summary>Size of the copy in bytes.</summary>
    public long? Length { get; set; }

    /// <summary>Attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>Not taken up again before this instant (a waiting erasure's next try).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The round that holds it now; only that round may work on it.</summary>
    public Guid? LeaseId { get; set; }

    /// <summary>
    /// For a copy that is ready: the round that stored it. Each round stores its copy under a name of its own, so a round
    /// whose lease ran out can remove what it stored without touching the copy another round finished.
    /// </summary>
    public Guid? CopyId { get; set; }

    /// <summary>Until when the lease holds; after that another node may take it over.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>Whether the copy can be downloaded now.</summary>
    public bool CanDownload(DateTimeOffset now) =>
        Kind == PrivacyRequestKind.Access && State is PrivacyRequestState.Ready or PrivacyRequestState.Downloaded && ExpiresAt > now;
}

/// <summary>One retention kind's runs: the lease a node holds while applying it, and what the last run removed.</summary>
public sealed class RetentionRun
{
    /// <summary>The kind's key (Privacy:Retention:{Kind}).</summary>
    public required string Kind { get; set; }

    /// <summary>When it last ran to the end.</summary>
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>What it removed then.</summary>
    public int LastRemoved { get; set; }

    /// <summary>The cutoff it applied then: data from before this instant had run its period.</summary>
    public DateTimeOffset? LastCutoff { get; set; }

    /// <summary>Everything it has removed.</summary>
    public long TotalRemoved { get; set; }

    /// <summary>What went wrong last time, or null.</summary>
    public string? LastError { get; set; }

    /// <summary>The node round holding it now.</summary>
    public Guid? LeaseId { get; set; }

    /// <summary>Until when the lease holds.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
}

/// <summary>The Privacy module's tables.</summary>
public static class PrivacyModel
{
    /// <summary>Adds the tables.</summary>
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<PrivacyRequest>(e =>
        {
            e.ToTable("PrivacyRequests");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.SubjectId).HasMaxLength(450);
            e.Property(r => r.RequestedById).HasMaxLength(450);
            e.Property(r => r.Pseudonym).HasMaxLength(40);
            e.Property(r => r.PlanJson).HasMaxLength(100_000);
            e.Property(r => r.OutcomeJson).HasMaxLength(100_000);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.HasIndex(r => r.SubjectId);
            e.HasIndex(r => r.RequestedById);
            e.HasIndex(r => new { r.State, r.NextAttemptAt });
        });
        builder.Entity<RetentionRun>(e =>
        {
            e.ToTable("RetentionRuns");
            e.HasKey(r => r.Kind);
            e.Property(r => r.Kind).HasMaxLength(100);
            e.Property(r => r.LastError).HasMaxLength(2000);
        });
    }
}
