using System.Security.Claims;
using Accreditation.Core.Data;
using Accreditation.Core.Diagnostics;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Accreditation.Core.Auditing;

/// <summary>One line of the append-only audit trail: who did what, when, from where, to which record.</summary>
public sealed class AuditEntry
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>When it happened (UTC).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>What happened, e.g. "portfolio.viewed", "user.deactivated".</summary>
    public required string Action { get; set; }

    /// <summary>The person's user id, null for the system or an anonymous visitor.</summary>
    public string? UserId { get; set; }

    /// <summary>The person's user name at the time.</summary>
    public string? UserName { get; set; }

    /// <summary>The kind of record acted on, e.g. "EvidenceItem".</summary>
    public string? RecordType { get; set; }

    /// <summary>The id of the record acted on.</summary>
    public string? RecordId { get; set; }

    /// <summary>Client address.</summary>
    public string? IpAddress { get; set; }

    /// <summary>Request path.</summary>
    public string? Path { get; set; }

    /// <summary>The request's correlation id (the trace id shown on error pages).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Short free-text detail; never evidence content.</summary>
    public string? Details { get; set; }

    /// <summary>Refuses any change or deletion of existing audit entries: the trail is append-only.</summary>
    public static void RefuseChanges(ChangeTracker tracker)
    {
        if (tracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only: entries cannot be changed or deleted.");
        }
    }
}

/// <summary>The audit trail every module writes sensitive actions and views to.</summary>
public interface IAuditTrail
{
    /// <summary>
    /// Adds an entry to the context; it is saved with the caller's next SaveChanges, in the same transaction as the
    /// change it records.
    /// </summary>
    void Add(string action, string? recordType = null, string? recordId = null, string? details = null);

    /// <summary>Adds an entry and saves it at once (for views and refusals, which change nothing else).</summary>
    Task RecordAsync(string action, string? recordType = null, string? recordId = null, string? details = null, CancellationToken ct = default);
}

/// <summary>
/// Writes audit entries with the current person and request. Live secrets never reach the trail: token segments of
/// the path and secret-looking words in the details are replaced, and the query string is not recorded.
/// </summary>
public sealed class AuditTrail(AccreditationDbContext db, IHttpContextAccessor http, TimeProvider clock, IIdSource ids, SecretScrubber scrubber) : IAuditTrail
{
    /// <inheritdoc />
    public void Add(string action, string? recordType = null, string? recordId = null, string? details = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var scrubbed = details is null ? null : scrubber.Text(details);
        db.AuditEntries.Add(new AuditEntry
        {
            Id = ids.NewId(),
            At = clock.GetUtcNow(),
            Action = action,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name,
            RecordType = recordType,
            RecordId = recordId,
            IpAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Path = context is null ? null : scrubber.Path(context.Request.Path.Value),
            CorrelationId = Correlation.IdOf(context),
            Details = scrubbed is { Length: > 4000 } ? scrubbed[..4000] : scrubbed,
        });
    }

    /// <inheritdoc />
    public async Task RecordAsync(string action, string? recordType = null, string? recordId = null, string? details = null, CancellationToken ct = default)
    {
        Add(action, recordType, recordId, details);
        await db.SaveChangesAsync(ct);
    }
}
