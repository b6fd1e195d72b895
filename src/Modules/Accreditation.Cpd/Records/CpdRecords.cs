using System.Globalization;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
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
public sealed record SaveResult(Guid? RecordId, IReadOnlyList<(string Field, string Message)> Errors, IReadOnlyList<DuplicateMatch> Duplicates, bool IsConflict)
{
    /// <summary>Whether the record was saved.</summary>
    public bool Succeeded => RecordId is not null;
}

/// <summary>A person's CPD records: reading their own, saving with every value checked, the duplicate check, drafts and attachments' owner.</summary>
public sealed class CpdRecords(AccreditationDbContext db, IPeopleDirectory directory, StatementOptions statements, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    private const int MaxMinutes = 1000 * 60;

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
        var dates = await db.Set<CpdRecord>().AsNoTracking().Where(r => r.OwnerId == ownerId && !r.IsDraft).Select(r => r.Date).ToListAsync(ct);
        return dates.Select(RegistrationYear.Of).Distinct().OrderByDescending(y => y.Starts).ToList();
    }

    /// <summary>Checks and saves a new record (<paramref name="id"/> null) or one of the person's own; drafts become complete.</summary>
    public async Task<SaveResult> SaveAsync(string ownerId, Guid? id, uint version, CpdInput input, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        var today = UkCalendar.Today(clock);

        CpdActivityType activity = default;
        if (string.IsNullOrWhiteSpace(input.ActivityType) || !Enum.TryParse(input.ActivityType, ignoreCase: false, out activity) || !Enum.IsDefined(activity))
        {
            errors.Add((nameof(CpdInput.ActivityType), "Select the type of activity"));
        }

        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors.Add((nameof(CpdInput.Title), "Enter a title"));
        }
        else if (title.Length > CpdModel.NameLength)
        {
            errors.Add((nameof(CpdInput.Title), $"The title must be {CpdModel.NameLength} characters or fewer"));
        }

        var date = ReadDate(input.DateDay, input.DateMonth, input.DateYear, "date of the activity", "DateDay", required: true, today, errors);
        var minutes = ReadHours(input.Hours, errors);
        var description = Text(input.Description, nameof(CpdInput.Description), "Enter what the activity was and why it was relevant", errors);
        var learning = Text(input.Learning, nameof(CpdInput.Learning), "Enter what you learned", errors);
        var impact = Text(input.Impact, nameof(CpdInput.Impact), "Enter the impact on your practice and on the people you work with", errors);
        var link = ReadLink(input.Link, errors);

        var peerName = Optional(input.PeerName, CpdModel.NameLength, nameof(CpdInput.PeerName), "The peer's name", errors);
        var peerRole = Optional(input.PeerRole, CpdModel.NameLength, nameof(CpdInput.PeerRole), "The peer's role", errors);
        var peerLearning = Optional(input.PeerLearning, CpdModel.TextLength, nameof(CpdInput.PeerLearning), "What you learned from the discussion", errors);
        var peerDate = ReadDate(input.PeerDateDay, input.PeerDateMonth, input.PeerDateYear, "date of the discussion", "PeerDateDay", required: false, today, errors);
        var anyPeer = peerName is not null || peerRole is not null || peerLearning is not null || peerDate is not null
            || !string.IsNullOrWhiteSpace(input.PeerDateDay) || !string.IsNullOrWhiteSpace(input.PeerDateMonth) || !string.IsNullOrWhiteSpace(input.PeerDateYear);
        if (anyPeer && peerName is null && !errors.Any(e => e.Item1 == nameof(CpdInput.PeerName)))
        {
            errors.Add((nameof(CpdInput.PeerName), "Enter the name of the peer you discussed this with, or clear the peer reflection"));
        }

        if (anyPeer && peerLearning is null && !errors.Any(e => e.Item1 == nameof(CpdInput.PeerLearning)))
        {
            errors.Add((nameof(CpdInput.PeerLearning), "Enter what you learned from the discussion with your peer, or clear the peer reflection"));
        }

        var options = await statements.AllAsync(ct);
        var chosen = input.StatementIds.Distinct().ToList();
        var links = options.Where(o => chosen.Contains(o.Id)).ToList();
        if (links.Count != chosen.Count)
        {
            errors.Add(("StatementIds", "Select statements from the list"));
        }

        if (errors.Count > 0)
        {
            return new SaveResult(null, errors, [], false);
        }

        CpdRecord? record = null;
        if (id is { } existing)
        {
            record = await db.Set<CpdRecord>().Include(r => r.Statements).SingleOrDefaultAsync(r => r.Id == existing && r.OwnerId == ownerId, ct);
            if (record is null)
            {
                return new SaveResult(null, [("Title", "This record no longer exists")], [], false);
            }

            if (record.Version != version)
            {
                return new SaveResult(null, [("Title", "This record was changed in another tab or window since you opened it. Your changes are below: check them against the saved record and save again.")], [], true);
            }
        }

        if (!input.ConfirmDuplicate)
        {
            var duplicates = await FindDuplicatesAsync(ownerId, id, TextOf(description, learning, impact, peerLearning), ct);
            if (duplicates.Count > 0)
            {
                return new SaveResult(null, [], duplicates, false);
            }
        }

        var now = clock.GetUtcNow();
        var created = record is null;
        record ??= new CpdRecord { Id = ids.NewId(), OwnerId = ownerId, CreatedAt = now };
        record.IsDraft = false;
        record.ActivityType = activity;
        record.Title = title;
        record.Date = date!.Value;
        record.Minutes = minutes!.Value;
        record.Description = description!;
        record.Learning = learning!;
        record.Impact = impact!;
        record.Link = link;
        record.PeerName = peerName;
        record.PeerRole = peerName is null ? null : peerRole;
        record.PeerDate = peerName is null ? null : peerDate;
        record.PeerLearning = peerLearning;
        record.UpdatedAt = now;
        record.Statements.RemoveAll(s => !chosen.Contains(s.StatementId));
        foreach (var option in links.Where(o => record.Statements.All(s => s.StatementId != o.Id)))
        {
            record.Statements.Add(new CpdStatementLink { RecordId = record.Id, StatementId = option.Id, Label = option.Label });
        }

        if (created)
        {
            db.Add(record);
        }

        audit.Add(created ? "cpd.record-created" : "cpd.record-updated", nameof(CpdRecord), record.Id.ToString(),
            input.ConfirmDuplicate ? "saved after the duplicate warning" : null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SaveResult(null, [("Title", "This record was changed in another tab or window since you opened it. Your changes are below: check them against the saved record and save again.")], [], true);
        }

        return new SaveResult(record.Id, [], [], false);
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
        var candidates = await db.Set<CpdRecord>().AsNoTracking()
            .Where(r => people.Contains(r.OwnerId) && !r.IsDraft && r.Id != exceptId)
            .Select(r => new { r.Id, r.OwnerId, r.Title, r.Date, r.Description, r.Learning, r.Impact, r.PeerLearning })
            .ToListAsync(ct);
        return candidates
            .Where(r => DuplicateCheck.IsNearDuplicate(text, TextOf(r.Description, r.Learning, r.Impact, r.PeerLearning)))
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

    private static string? ReadLink(string? value, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var link = SafeLink(value);
        if (link is null)
        {
            errors.Add((nameof(CpdInput.Link), "Enter a web address starting with https://, for example https://www.example.org/course (a link may also start with http://, mailto: or doi:)"));
        }

        return link;
    }

    private static string? Text(string? value, string field, string missing, List<(string, string)> errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add((field, missing));
            return null;
        }

        if (text.Length > CpdModel.TextLength)
        {
            errors.Add((field, $"This must be {CpdModel.TextLength:N0} characters or fewer (it is {text.Length:N0})"));
            return null;
        }

        return text;
    }

    private static string? Optional(string? value, int max, string field, string what, List<(string, string)> errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > max)
        {
            errors.Add((field, $"{what} must be {max:N0} characters or fewer"));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static int? ReadHours(string? value, List<(string, string)> errors)
    {
        var text = value?.Trim().Replace(',', '.') ?? "";
        if (text.Length == 0)
        {
            errors.Add((nameof(CpdInput.Hours), "Enter the time spent in hours, for example 1.5"));
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours) || hours <= 0)
        {
            errors.Add((nameof(CpdInput.Hours), "Enter the time spent as a number of hours, for example 1.5"));
            return null;
        }

        var minutes = (int)Math.Round(Math.Min(hours, MaxMinutes) * 60m);
        if (minutes < 1 || minutes > MaxMinutes)
        {
            errors.Add((nameof(CpdInput.Hours), "The time spent must be between 1 minute and 1,000 hours"));
            return null;
        }

        return minutes;
    }

    private static DateOnly? ReadDate(string? day, string? month, string? year, string what, string field, bool required, DateOnly today, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(day) && string.IsNullOrWhiteSpace(month) && string.IsNullOrWhiteSpace(year))
        {
            if (required)
            {
                errors.Add((field, $"Enter the {what}"));
            }

            return null;
        }

        if (!int.TryParse(day?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || !int.TryParse(month?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(year?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || y < 1950 || m is < 1 or > 12 || d < 1 || y > 9999 || d > DateTime.DaysInMonth(y, m))
        {
            errors.Add((field, $"The {what} must be a real date, for example 27 3 2026"));
            return null;
        }

        var date = new DateOnly(y, m, d);
        if (date > today)
        {
            errors.Add((field, $"The {what} must be today or in the past"));
            return null;
        }

        return date;
    }
}
