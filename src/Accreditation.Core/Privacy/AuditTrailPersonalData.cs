using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Recipes;
using Accreditation.Core.Time;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Core.Privacy;

/// <summary>
/// The kernel's personal data: the audit trail. Entries by or about an erased person stay (the trail is evidence of
/// what was done) but are pseudonymised: their user id becomes the pseudonym, their name and network address go, and
/// every id, email address and name of theirs in a path or the details is replaced.
/// </summary>
public sealed class AuditTrailPersonalData(AccreditationDbContext db, TimeProvider clock, IIdSource ids) : IPersonalDataProvider
{
    /// <summary>The most entries exported (the newest); a person with more is told how many there are.</summary>
    public const int ExportLimit = 10_000;

    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<AuditEntry>(ErasureTreatment.Anonymised, "Who did what, when and from where: kept for its retention period, pseudonymised when the person is erased",
            a => a.UserId, a => a.UserName, a => a.IpAddress, a => a.Path, a => a.RecordId, a => a.Details)
        .NoPersonalData<AuditMaintenanceWindow>("Exists only inside the transaction of an erasure or retention round")
        .NoPersonalData<DisabledModule>("Which modules are switched off")
        .NoPersonalData<RecipeRun>("Which recipes were applied")
        .NoPersonalData<SiteSetting>("Site-wide settings: the service's name, phase and contact address")
        .NoPersonalData<DataProtectionKey>("The keys that protect cookies and tokens")
        .NoPersonalData<Cluster.BackgroundLease>("Which node runs each background task (machine and process names)")
        .NoPersonalData<Cluster.ChangeSignal>("Counters of changes to shared settings, menus and module switches")
        .Store(DataStoreKind.AuditTrail, "", ErasureTreatment.Anonymised, "The audit trail (the AuditEntries table)")
        .Store(DataStoreKind.Database, "accreditation.db", ErasureTreatment.Deleted,
            "The SQLite database and its write-ahead log: deleted rows are overwritten (secure_delete) and the log is truncated after an erasure");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var entries = await Of(subject).AsNoTracking()
            .OrderByDescending(a => a.At)
            .Take(ExportLimit)
            .Select(a => new { a.At, a.Action, ByYou = a.UserId == subject.UserId, a.RecordType, a.RecordId, a.IpAddress, a.Path, a.Details })
            .ToListAsync(ct);
        export.Add("auditEntries", entries);
        if (entries.Count == ExportLimit)
        {
            export.Add("auditEntriesNote", $"Only the newest {ExportLimit} entries are included; ask us for the rest.");
        }
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var count = await Of(subject).CountAsync(ct);
        plan.Anonymise("audit trail entries by or about the person", count,
            "The audit trail records what was done and is kept for its retention period; the person's id becomes a pseudonym and their name, email address and network address are removed");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var replaced = Replacements(subject, run.Plan);
        var count = await AuditMaintenance.RunAsync(db, "erasure", clock, ids, async () =>
        {
            var changed = 0;
            var pseudonym = subject.Pseudonym;
            var userId = subject.UserId;
            var userName = subject.Email;
            changed += await db.AuditEntries.Where(a => a.UserId == userId || (userName != null && a.UserName == userName))
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, pseudonym).SetProperty(a => a.UserName, (string?)null).SetProperty(a => a.IpAddress, (string?)null), ct);
            foreach (var (value, replacement) in replaced)
            {
                changed += await db.AuditEntries.Where(a => a.RecordId == value)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.RecordId, replacement), ct);
                var lower = value.ToLowerInvariant();
#pragma warning disable CA1862 // EF translates ToLower().Contains to SQL on both providers; a StringComparison overload it cannot
                var rows = await db.AuditEntries.AsNoTracking()
                    .Where(a => (a.Path != null && a.Path.ToLower().Contains(lower)) || (a.Details != null && a.Details.ToLower().Contains(lower)))
                    .Select(a => new { a.Id, a.Path, a.Details })
                    .ToListAsync(ct);
#pragma warning restore CA1862
                foreach (var row in rows)
                {
                    var path = Replace(row.Path, value, replacement);
                    var details = Replace(row.Details, value, replacement);
                    changed += await db.AuditEntries.Where(a => a.Id == row.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(a => a.Path, path).SetProperty(a => a.Details, details), ct);
                }
            }

            return changed;
        }, ct);
        run.Record("Audit trail entries pseudonymised", count);
    }

    /// <summary>Entries by the person or about them (their account is the record).</summary>
    private IQueryable<AuditEntry> Of(DataSubject subject) =>
        db.AuditEntries.Where(a => a.UserId == subject.UserId || (a.RecordType == "User" && a.RecordId == subject.UserId));

    /// <summary>What to look for in kept entries and what replaces it: ids (both GUID forms), the email address and the name.</summary>
    private static List<(string Value, string Replacement)> Replacements(DataSubject subject, ErasurePlan plan)
    {
        var replacements = new List<(string, string)>();
        foreach (var id in plan.Identifiers.Append(subject.UserId).Distinct(StringComparer.Ordinal))
        {
            replacements.Add((id, subject.Pseudonym));
            if (Guid.TryParse(id, out var guid))
            {
                replacements.Add((guid.ToString("D"), subject.Pseudonym));
                replacements.Add((guid.ToString("N"), subject.Pseudonym));
            }
        }

        if (subject.Email is { Length: > 0 } email)
        {
            replacements.Add((email, subject.Pseudonym));
        }

        if (subject.DisplayName is { Length: >= 3 } name && !string.Equals(name, subject.Email, StringComparison.OrdinalIgnoreCase))
        {
            replacements.Add((name, "[name removed]"));
        }

        return replacements.DistinctBy(r => r.Item1.ToLowerInvariant()).ToList();
    }

    private static string? Replace(string? text, string value, string replacement) =>
        text is null ? null : text.Replace(value, replacement, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Removes audit entries older than their retention period (6 years by default).</summary>
public sealed class AuditTrailRetention(AccreditationDbContext db, TimeProvider clock, IIdSource ids) : IRetentionRule
{
    /// <summary>The kind.</summary>
    public static readonly RetentionKind Kind = new("AuditEntries", "Audit trail entries (who did what, when)", "after they are written", "Deleted", "6 years");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var removed = await AuditMaintenance.RunAsync(db, "retention", clock, ids,
            () => db.AuditEntries.Where(a => a.At < cutoff).ExecuteDeleteAsync(ct), ct);
        await transaction.CommitAsync(ct);
        return removed;
    }
}
