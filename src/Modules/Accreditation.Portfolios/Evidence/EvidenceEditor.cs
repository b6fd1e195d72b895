using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Evidence;

/// <summary>What the candidate posted for an item: its text and which statements it evidences, with rationales.</summary>
public sealed record EvidenceDraft(string? Title, string? Body, string? ObserverName, string? ObserverRole, IReadOnlyList<MappingDraft> Mappings);

/// <summary>One statement ticked (or not) on the item's form, with its rationale.</summary>
public sealed record MappingDraft(Guid StatementId, bool Selected, string? Rationale);

/// <summary>The outcome of saving an item: saved with its new row version, refused with field errors, or a conflict.</summary>
public sealed record EvidenceSaveResult(uint Version, IReadOnlyList<FormError> Errors, bool IsConflict = false) : FormResult(Errors, IsConflict);

/// <summary>
/// Creates and saves evidence items. Every save is checked against the row version the form was loaded with, so two
/// tabs cannot silently overwrite each other; each save that changes the text adds a revision to the history (an
/// autosave replaces the previous autosave of the last few minutes, so the history stays readable).
/// </summary>
public sealed class EvidenceEditor(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit, Uploads.PortfolioFileStore files)
{
    /// <summary>An autosave within this time of the previous autosave replaces it in the history.</summary>
    public static readonly TimeSpan AutosaveCoalescing = TimeSpan.FromMinutes(10);

    /// <summary>What the candidate is told when another tab or window saved the item first.</summary>
    public const string ConflictMessage =
        "This evidence was changed in another tab or window after you opened it, so your changes have not been saved over it. Your text is still here: compare it with the saved version, then select Save again to keep yours";

    /// <summary>Creates an empty item of the kind, mapped to the statement when one is given.</summary>
    public async Task<EvidenceItem> CreateAsync(LoadedPortfolio portfolio, EvidenceKind kind, Guid? statementId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var item = new EvidenceItem
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            Kind = kind,
            Title = kind == EvidenceKind.ReflectiveAccount ? "Reflective account" : "Record of observation or feedback",
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (statementId is { } id && portfolio.Statement(id) is not null)
        {
            item.Mappings.Add(new EvidenceMapping { Id = ids.NewId(), ItemId = item.Id, StatementId = id });
        }

        db.Add(item);
        audit.Add("evidence.created", "EvidenceItem", item.Id.ToString(), kind.ToString());
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Saves the item's text and mappings (an autosave checks lengths only; the Save button checks everything).</summary>
    public async Task<EvidenceSaveResult> SaveAsync(LoadedPortfolio portfolio, Guid itemId, uint loadedVersion, EvidenceDraft draft, bool autosave, CancellationToken ct)
    {
        var item = await db.Set<EvidenceItem>().Include(i => i.Mappings).SingleOrDefaultAsync(i => i.Id == itemId && i.EnrolmentId == portfolio.Enrolment.Id, ct);
        if (item is null)
        {
            // Removed in another tab since the page was loaded.
            return new EvidenceSaveResult(0, [new("Body", "This evidence has been removed in another tab or window, so it cannot be saved. Copy your text and add it as new evidence")], IsConflict: true);
        }

        var validation = new EvidenceDraftValidator(item.Kind, autosave, portfolio.Framework.Statements).Validate(draft);
        if (!validation.IsValid)
        {
            return new EvidenceSaveResult(0, validation.ToFormErrors());
        }

        db.Entry(item).Property(i => i.Version).OriginalValue = loadedVersion;
        var textChanged = ApplyText(item, draft);
        ApplyMappings(item, draft.Mappings);
        if (textChanged && item.Kind != EvidenceKind.Document)
        {
            await AddRevisionAsync(item, autosave, ct);
        }

        if (!autosave)
        {
            audit.Add("evidence.saved", "EvidenceItem", item.Id.ToString());
        }

        return await PersistAsync(item, ct);
    }

    // The checked text onto the item; true when the title or text changed (a change is kept in the history).
    private bool ApplyText(EvidenceItem item, EvidenceDraft draft)
    {
        var title = (draft.Title ?? "").Trim();
        var body = (draft.Body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        var textChanged = item.Title != title || item.Body != body;
        item.Title = title.Length == 0 ? item.Title : title;
        item.Body = body;
        if (item.Kind == EvidenceKind.Observation)
        {
            item.ObserverName = Clean(draft.ObserverName);
            item.ObserverRole = Clean(draft.ObserverRole);
        }

        item.UpdatedAt = clock.GetUtcNow();
        db.Entry(item).Property(i => i.UpdatedAt).IsModified = true;
        return textChanged;
    }

    // The statements ticked and their rationales: a mapping unticked goes, a new tick adds one.
    private void ApplyMappings(EvidenceItem item, IReadOnlyList<MappingDraft> mappings)
    {
        foreach (var mapping in mappings)
        {
            var existing = item.Mappings.FirstOrDefault(m => m.StatementId == mapping.StatementId);
            if (!mapping.Selected)
            {
                if (existing is not null)
                {
                    item.Mappings.Remove(existing);
                    db.Remove(existing);
                }
            }
            else if (existing is null)
            {
                // Added explicitly: found through the navigation with its id already set, EF would take it for an existing row.
                var added = new EvidenceMapping { Id = ids.NewId(), ItemId = item.Id, StatementId = mapping.StatementId, Rationale = (mapping.Rationale ?? "").Trim() };
                db.Add(added);
                item.Mappings.Add(added);
            }
            else
            {
                existing.Rationale = (mapping.Rationale ?? "").Trim();
            }
        }
    }

    // Saves against the version the form was loaded with: a save that lost to another tab changes nothing.
    private async Task<EvidenceSaveResult> PersistAsync(EvidenceItem item, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new EvidenceSaveResult(0, [new("Body", ConflictMessage)], IsConflict: true);
        }

        return new EvidenceSaveResult(db.Entry(item).Property(i => i.Version).CurrentValue, []);
    }

    /// <summary>
    /// Removes an item with its mappings and history. Its file goes too (record and stored copy: a candidate removing a
    /// document may be removing something identifying) unless a submission's snapshot refers to it.
    /// </summary>
    public async Task DeleteAsync(LoadedPortfolio portfolio, Guid itemId, CancellationToken ct)
    {
        var item = await db.Set<EvidenceItem>().SingleOrDefaultAsync(i => i.Id == itemId && i.EnrolmentId == portfolio.Enrolment.Id, ct);
        if (item is null)
        {
            return;
        }

        db.Remove(item);
        PortfolioFile? orphan = null;
        if (item.FileId is { } fileId
            && !await db.Set<SubmissionFile>().AnyAsync(f => f.FileId == fileId, ct)
            && !await db.Set<EvidenceItem>().AnyAsync(i => i.FileId == fileId && i.Id != item.Id, ct))
        {
            orphan = await db.Set<PortfolioFile>().SingleAsync(f => f.Id == fileId, ct);
            db.Remove(orphan);
        }

        audit.Add("evidence.deleted", "EvidenceItem", item.Id.ToString(), item.Kind.ToString());
        await db.SaveChangesAsync(ct);
        if (orphan is not null)
        {
            files.Delete(orphan.Id);
        }
    }

    private async Task AddRevisionAsync(EvidenceItem item, bool autosave, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var latest = await db.Set<EvidenceRevision>().Where(r => r.ItemId == item.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(ct);
        if (autosave && latest is { Autosaved: true } && now - latest.SavedAt < AutosaveCoalescing)
        {
            latest.Title = item.Title;
            latest.Body = item.Body;
            latest.SavedAt = now;
            return;
        }

        db.Add(new EvidenceRevision
        {
            Id = ids.NewId(),
            ItemId = item.Id,
            Number = (latest?.Number ?? 0) + 1,
            Title = item.Title,
            Body = item.Body,
            SavedAt = now,
            Autosaved = autosave,
        });
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
