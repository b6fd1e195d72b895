using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Cpd.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Records;

/// <summary>Another record whose text is the same as, or nearly the same as, the one being saved.</summary>
/// <param name="RecordId">The other record.</param>
/// <param name="Title">Its title.</param>
/// <param name="Date">Its date.</param>
/// <param name="ColleagueName">The colleague who made it, or null when it is the person's own.</param>
public sealed record DuplicateMatch(Guid RecordId, string Title, DateOnly Date, string? ColleagueName)
{
    /// <summary>The warning, naming the other record (a colleague's is named, never shown).</summary>
    public string Message => ColleagueName is null
        ? $"This record is the same as, or very like, your record “{Title}” ({UkCalendar.Format(Date)})."
        : $"This record is the same as, or very like, a record by your colleague {ColleagueName}: “{Title}” ({UkCalendar.Format(Date)}). CPD should be your own reflection on your own learning.";
}

/// <summary>The outcome of saving a record.</summary>
public sealed record CpdSaveResult(Guid? RecordId, IReadOnlyList<FormError> Errors, IReadOnlyList<DuplicateMatch> Duplicates, bool IsConflict = false)
    : FormResult(Errors, IsConflict)
{
    /// <summary>Whether the record was saved (a record like another is held back until the person confirms it).</summary>
    public override bool Succeeded => RecordId is not null;
}

/// <summary>A person's CPD records: reading their own, saving with every value checked, the duplicate check, drafts and attachments' owner.</summary>
public sealed class CpdRecords(AccreditationDbContext db, IPeopleDirectory directory, StatementOptions statements, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>The person's record with its statements and attachments, or null when there is none or it is someone else's.</summary>
    public Task<CpdRecord?> FindOwnAsync(string ownerId, Guid id, CancellationToken ct) =>
        db.Set<CpdRecord>().AsNoTracking().Include(r => r.Statements).Include(r => r.Attachments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == id && r.OwnerId == ownerId, ct);

    /// <summary>The person's completed records of one year, newest first.</summary>
    public async Task<IReadOnlyList<CpdRecord>> YearAsync(string ownerId, RegistrationYear year, CancellationToken ct)
    {
        var list = await db.Set<CpdRecord>().AsNoTracking().Include(r => r.Statements).Include(r => r.Attachments).AsSplitQuery()
            .Where(r => r.OwnerId == ownerId && !r.IsDraft && r.Date >= year.Starts && r.Date <= year.Ends)
            .ToListAsync(ct);
        return list.OrderByDescending(r => r.Date).ThenByDescending(r => r.CreatedAt).ToList();
    }

    /// <summary>The person's drafts, newest first.</summary>
    public async Task<IReadOnlyList<CpdRecord>> DraftsAsync(string ownerId, CancellationToken ct) =>
        (await db.Set<CpdRecord>().AsNoTracking().Where(r => r.OwnerId == ownerId && r.IsDraft).ToListAsync(ct))
            .OrderByDescending(r => r.CreatedAt).ToList();

    /// <summary>The years the person has completed records in, newest first.</summary>
    public async Task<IReadOnlyList<RegistrationYear>> YearsWithRecordsAsync(string ownerId, CancellationToken ct)
    {
        // The years are worked out by the database (a year starts on 1 December): one row a year, not one a record.
        var starts = await db.Set<CpdRecord>().AsNoTracking().Where(r => r.OwnerId == ownerId && !r.IsDraft)
            .Select(r => r.Date.Month == 12 ? r.Date.Year : r.Date.Year - 1).Distinct().ToListAsync(ct);
        return starts.Select(year => new RegistrationYear(new DateOnly(year, 12, 1))).OrderByDescending(y => y.Starts).ToList();
    }

    /// <summary>Checks and saves a new record (<paramref name="id"/> null) or one of the person's own; drafts become complete.</summary>
    public async Task<CpdSaveResult> SaveAsync(string ownerId, Guid? id, uint version, CpdInput input, CancellationToken ct)
    {
        var options = await statements.AllAsync(ct);
        var check = new CpdInputValidator(UkCalendar.Today(clock), options.Select(o => o.Id).ToHashSet()).Validate(input);
        if (!check.IsValid)
        {
            return new CpdSaveResult(null, check.ToFormErrors(), []);
        }

        var entry = CpdEntry.From(input);
        CpdRecord? record = null;
        if (id is { } existing)
        {
            record = await db.Set<CpdRecord>().Include(r => r.Statements).SingleOrDefaultAsync(r => r.Id == existing && r.OwnerId == ownerId, ct);
            if (record is null)
            {
                return new CpdSaveResult(null, [new("Title", "This record no longer exists")], []);
            }

            if (record.Version != version)
            {
                return Conflict;
            }
        }

        if (!input.ConfirmDuplicate)
        {
            var duplicates = await FindDuplicatesAsync(ownerId, id, TextOf(entry.Description, entry.Learning, entry.Impact, entry.PeerLearning), ct);
            if (duplicates.Count > 0)
            {
                return new CpdSaveResult(null, [], duplicates);
            }
        }

        var created = record is null;
        record ??= new CpdRecord { Id = ids.NewId(), OwnerId = ownerId, CreatedAt = clock.GetUtcNow() };
        Apply(entry, record, options);
        audit.Add(created ? "cpd.record-created" : "cpd.record-updated", nameof(CpdRecord), record.Id.ToString(),
            input.ConfirmDuplicate ? "saved after the duplicate warning" : null);
        return await PersistAsync(record, created, ct);
    }

    // Saves the record with its duplicate-check sketch; a save that lost to another tab or window is a conflict.
    private async Task<CpdSaveResult> PersistAsync(CpdRecord record, bool created, CancellationToken ct)
    {
        var sketch = CpdSketch.Of(record);
        record.SketchShingles = sketch.Shingles;
        try
        {
            if (created)
            {
                db.Add(record);
                db.AddRange(sketch.Rows(record.Id));
                await db.SaveChangesAsync(ct);
            }
            else
            {
                // The record first (its version check), then its sketch replaced, in one transaction: a save that loses
                // to another stops before touching the sketch, and the background task (which fills in only records
                // without one) cannot leave rows beside the new ones.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.SaveChangesAsync(ct);
                await db.Set<CpdSketchBand>().Where(b => b.RecordId == record.Id).ExecuteDeleteAsync(ct);
                db.AddRange(sketch.Rows(record.Id));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Conflict;
        }

        return new CpdSaveResult(record.Id, [], []);
    }

    private static CpdSaveResult Conflict => new(null, [new("Title", "This record was changed in another tab or window since you opened it. Your changes are below: check them against the saved record and save again.")], [], IsConflict: true);

    // The checked values onto the record: a completed record (no longer a draft) linked to exactly the chosen statements.
    private void Apply(CpdEntry entry, CpdRecord record, IReadOnlyList<StatementOption> options)
    {
        record.IsDraft = false;
        record.ActivityType = entry.ActivityType;
        record.Title = entry.Title;
        record.Date = entry.Date;
        record.Minutes = entry.Minutes;
        record.Description = entry.Description;
        record.Learning = entry.Learning;
        record.Impact = entry.Impact;
        record.Link = entry.Link;
        record.PeerName = entry.PeerName;
        record.PeerRole = entry.PeerRole;
        record.PeerDate = entry.PeerDate;
        record.PeerLearning = entry.PeerLearning;
        record.UpdatedAt = clock.GetUtcNow();
        record.Statements.RemoveAll(s => !entry.StatementIds.Contains(s.StatementId));
        foreach (var option in options.Where(o => entry.StatementIds.Contains(o.Id) && record.Statements.All(s => s.StatementId != o.Id)))
        {
            record.Statements.Add(new CpdStatementLink { RecordId = record.Id, StatementId = option.Id, Label = option.Label });
        }
    }

    /// <summary>
    /// Records whose text is the same as or nearly the same as <paramref name="text"/>: the person's own completed records
    /// (except the one being edited) and those of colleagues in the same organisation.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindDuplicatesAsync(string ownerId, Guid? exceptId, string text, CancellationToken ct)
    {
        var organisation = (await directory.FindAnyAsync(ownerId, ct))?.OrganisationId;
        var colleagues = organisation is not { } organisationId
            ? new Dictionary<string, string>()
            : (await directory.PeopleOfAsync(organisationId, ct)).Where(p => p.Id != ownerId)
                .ToDictionary(p => p.Id, p => string.IsNullOrWhiteSpace(p.DisplayName) ? "(no name)" : p.DisplayName);
        var people = colleagues.Keys.Append(ownerId).ToList();

        // Only candidates are read, never the whole authority (over a hundred thousand records at national size): records
        // sharing a band of the new text's sketch whose length allows a similarity of 0.5 (CpdSketch says how likely a
        // duplicate is to be among them), and records with no sketch yet (made before sketches, until the background task
        // fills theirs in). The exact check then runs on those alone.
        var shingles = DuplicateCheck.Shingles(text);
        var sketch = CpdSketch.Of(shingles);
        if (sketch.Shingles == 0)
        {
            return [];
        }

        var values = sketch.Values.ToList();
        var (fewest, most) = (sketch.FewestShingles, sketch.MostShingles);
        var records = db.Set<CpdRecord>().AsNoTracking().Where(r => people.Contains(r.OwnerId) && !r.IsDraft && r.Id != exceptId);

        // From the bands to the records, written as a cross join: SQLite keeps that order (without statistics it would
        // otherwise walk every record of the authority by owner and test each against the bands); PostgreSQL plans it as
        // any join. Ids first, then each candidate's text once, though it may share several bands.
        var ids = await (
            from b in db.Set<CpdSketchBand>()
            from r in records
            where b.RecordId == r.Id && values.Contains(b.Value) && r.SketchShingles >= fewest && r.SketchShingles <= most
            select r.Id).Distinct().ToListAsync(ct);
        var unsketched = records.Where(r => r.SketchShingles == null);
        var queries = ids.Count == 0 ? [unsketched] : new[] { db.Set<CpdRecord>().AsNoTracking().Where(r => ids.Contains(r.Id)), unsketched };
        var matches = new List<(Guid Id, string OwnerId, string Title, DateOnly Date)>();
        foreach (var query in queries)
        {
            await foreach (var r in query
                .Select(r => new { r.Id, r.OwnerId, r.Title, r.Date, r.Description, r.Learning, r.Impact, r.PeerLearning })
                .AsAsyncEnumerable().WithCancellation(ct))
            {
                if (DuplicateCheck.IsNearDuplicate(shingles, TextOf(r.Description, r.Learning, r.Impact, r.PeerLearning)))
                {
                    matches.Add((r.Id, r.OwnerId, r.Title, r.Date));
                }
            }
        }

        return matches
            .OrderBy(r => r.OwnerId == ownerId ? 0 : 1).ThenByDescending(r => r.Date)
            .Select(r => new DuplicateMatch(r.Id, r.Title, r.Date, r.OwnerId == ownerId ? null : colleagues[r.OwnerId]))
            .ToList();
    }

    /// <summary>The text the duplicate check compares.</summary>
    public static string TextOf(string? description, string? learning, string? impact, string? peerLearning) =>
        string.Join("\n", new[] { description, learning, impact, peerLearning }.Where(t => !string.IsNullOrWhiteSpace(t)));

    /// <summary>
    /// A link a record may carry, as it is stored: an https, http, mailto or doi link (the site's link rule,
    /// <see cref="Links"/>) or a path on this site; null when it is not one.
    /// </summary>
    public static string? SafeLink(string? value)
    {
        var link = value?.Trim();
        return string.IsNullOrEmpty(link) || Links.Problem(link, allowSitePaths: true) is not null ? null : link;
    }
}
