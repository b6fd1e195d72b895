using System.Globalization;
using System.Text;
using System.Text.Json;
using Accreditation.Assessments.Data;
using Accreditation.Core.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Bank;

/// <summary>A problem with one row of an import (row 1 is the first item; for CSV, the first line after the header).</summary>
public sealed record RowError(int Row, string Key, string Message);

/// <summary>What an import or a save did.</summary>
public sealed record BankResult(IReadOnlyList<RowError> Errors, int Created = 0, int NewVersions = 0, int Updated = 0, int Unchanged = 0)
{
    /// <summary>Whether it was applied.</summary>
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>The question bank: writes items (a version used in a sitting is never changed: a new version is made), imports and exports them.</summary>
public sealed class QuestionBank(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    // What saving one row did, for the counts the page reports.
    private enum Outcome
    {
        Created,
        Versioned,
        Updated,
        Unchanged,
    }

    /// <summary>The newest version of every item, by key.</summary>
    public async Task<IReadOnlyList<QuestionItem>> LatestAsync(CancellationToken ct)
    {
        var all = await db.Set<QuestionItem>().AsNoTracking().ToListAsync(ct);
        return all.GroupBy(i => i.Key).Select(g => g.MaxBy(i => i.Number)!).OrderBy(i => i.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Saves drafts all or nothing: every row is checked first, and one bad row saves none.</summary>
    public async Task<BankResult> SaveAllAsync(IReadOnlyList<ItemDraft> drafts, string userId, CancellationToken ct)
    {
        if (Problems(drafts) is { Count: > 0 } errors)
        {
            return new BankResult(errors);
        }

        var keys = drafts.Select(d => d.Key).ToList();
        var existing = (await db.Set<QuestionItem>().Where(i => keys.Contains(i.Key)).ToListAsync(ct))
            .GroupBy(i => i.Key).ToDictionary(g => g.Key, g => g.MaxBy(i => i.Number)!, StringComparer.Ordinal);
        var latestIds = existing.Values.Select(i => i.Id).ToList();
        var used = (await db.Set<SittingItem>().Where(s => latestIds.Contains(s.ItemId)).Select(s => s.ItemId).Distinct().ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow();
        var outcomes = drafts.Select(d => Apply(d, existing.GetValueOrDefault(d.Key), used, userId, now)).ToList();
        await db.SaveChangesAsync(ct);
        return new BankResult([], outcomes.Count(o => o == Outcome.Created), outcomes.Count(o => o == Outcome.Versioned),
            outcomes.Count(o => o == Outcome.Updated), outcomes.Count(o => o == Outcome.Unchanged));
    }

    // Every row's own problems, keys given twice, and scenario sets whose items disagree on their text or group, by row.
    private static List<RowError> Problems(IReadOnlyList<ItemDraft> drafts)
    {
        var errors = new List<RowError>();
        for (var i = 0; i < drafts.Count; i++)
        {
            errors.AddRange(drafts[i].Problems().Select(p => new RowError(i + 1, drafts[i].Key, p)));
        }

        foreach (var duplicate in drafts.Select((d, i) => (d, i)).GroupBy(x => x.d.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.AddRange(duplicate.Skip(1).Select(x => new RowError(x.i + 1, x.d.Key, $"The key {x.d.Key} appears more than once in the file.")));
        }

        foreach (var set in drafts.Select((d, i) => (d, i)).Where(x => !string.IsNullOrWhiteSpace(x.d.Scenario)).GroupBy(x => x.d.Scenario!.Trim(), StringComparer.Ordinal))
        {
            var first = set.First().d;
            errors.AddRange(set.Skip(1).Where(x => x.d.ScenarioText?.Trim() != first.ScenarioText?.Trim() || x.d.Group.Trim() != first.Group.Trim())
                .Select(x => new RowError(x.i + 1, x.d.Key, $"Items of scenario {first.Scenario} must share its text and group.")));
        }

        return errors.OrderBy(e => e.Row).ToList();
    }

    // One row against the latest version of its key: a new item; its status changed only; a new version when the
    // latest was used in a sitting (what candidates saw never changes); else the latest edited in place.
    private Outcome Apply(ItemDraft draft, QuestionItem? latest, HashSet<Guid> used, string userId, DateTimeOffset now)
    {
        var status = Enum.Parse<ItemStatus>(draft.Status, ignoreCase: true);
        if (latest is null)
        {
            var item = New(draft, 1, userId, now);
            db.Add(item);
            audit.Add("assessment.item-created", "QuestionItem", item.Id.ToString(), $"{item.Key} version 1, {item.Status}");
            return Outcome.Created;
        }

        if (draft.SameContentAs(latest))
        {
            if (latest.Status == status)
            {
                return Outcome.Unchanged;
            }

            // A status change (reviewed into use, retired) is not a change to what candidates saw.
            latest.Status = status;
            latest.ReviewedById = status == ItemStatus.Live ? userId : latest.ReviewedById;
            audit.Add("assessment.item-status", "QuestionItem", latest.Id.ToString(), $"{latest.Key} version {latest.Number}: {status}");
            return Outcome.Updated;
        }

        if (used.Contains(latest.Id))
        {
            latest.Status = ItemStatus.Superseded;
            var item = New(draft, latest.Number + 1, userId, now);
            db.Add(item);
            audit.Add("assessment.item-versioned", "QuestionItem", item.Id.ToString(), $"{item.Key} version {item.Number} supersedes version {latest.Number}, which was used in a sitting");
            return Outcome.Versioned;
        }

        draft.ApplyTo(latest);
        latest.EditedById = userId;
        latest.ReviewedById = status == ItemStatus.Live ? userId : null;
        audit.Add("assessment.item-edited", "QuestionItem", latest.Id.ToString(), $"{latest.Key} version {latest.Number}, {latest.Status}");
        return Outcome.Updated;
    }

    private QuestionItem New(ItemDraft draft, int number, string userId, DateTimeOffset now)
    {
        var item = new QuestionItem { Id = ids.NewId(), Key = draft.Key.Trim(), Number = number, Group = "", Stem = "", Options = "", Correct = "", CreatedAt = now, EditedById = userId };
        draft.ApplyTo(item);
        item.ReviewedById = item.Status == ItemStatus.Live ? userId : null;
        return item;
    }

    /// <summary>The bank's current items as JSON (an array of drafts; option numbers from 1).</summary>
    public async Task<string> ExportJsonAsync(CancellationToken ct) =>
        JsonSerializer.Serialize((await LatestAsync(ct)).Where(i => i.Status != ItemStatus.Superseded).Select(ItemDraft.From), Json);

    /// <summary>Reads a JSON export; null with a message when the file is not a JSON array of items.</summary>
    public static (IReadOnlyList<ItemDraft>? Drafts, string? Error) ReadJson(string text)
    {
        try
        {
            var drafts = JsonSerializer.Deserialize<List<JsonDraft>>(text, Json);
            if (drafts is null)
            {
                return (null, "The file must be a JSON array of items.");
            }

            return (drafts.Select(d => new ItemDraft(d.Key ?? "", d.Kind ?? "", d.Group ?? "", d.Statements ?? [], d.Scenario, d.ScenarioText, d.Stem ?? "",
                d.Options ?? [], d.Correct ?? [], d.PartialCredit, d.Rationale, d.Status ?? "Draft")).ToList(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The file is not valid JSON for items: {ex.Message}");
        }
    }

    /// <summary>The CSV columns, in order.</summary>
    public static readonly string[] CsvColumns = ["key", "kind", "group", "statements", "scenario", "scenario text", "stem", "options", "correct", "partial credit", "rationale", "status"];

    /// <summary>The bank's current items as CSV: options separated by " | ", statements and correct option numbers by ";".</summary>
    public async Task<string> ExportCsvAsync(CancellationToken ct)
    {
        var rows = (await LatestAsync(ct)).Where(i => i.Status != ItemStatus.Superseded).Select(ItemDraft.From)
            .Select(d => new[]
            {
                d.Key, d.Kind, d.Group, string.Join(';', d.Statements), d.Scenario ?? "", d.ScenarioText ?? "", d.Stem,
                string.Join(" | ", d.Options), string.Join(';', d.Correct), d.PartialCredit ? "yes" : "no", d.Rationale ?? "", d.Status,
            });
        return CsvTable.Write(rows.Prepend(CsvColumns));
    }

    /// <summary>Reads CSV rows into drafts; rows that cannot even be read are reported with their row number.</summary>
    public static (IReadOnlyList<ItemDraft> Drafts, IReadOnlyList<RowError> Errors) ReadCsv(string text)
    {
        // Blank lines are not records; the byte-order mark spreadsheets write is not part of the first heading.
        var records = Csv.Parse(text.TrimStart('\uFEFF')).Records.Where(r => r.Values.Any(v => v.Length > 0)).Select(r => r.Values).ToList();
        var errors = new List<RowError>();
        var drafts = new List<ItemDraft>();
        if (records.Count == 0)
        {
            errors.Add(new RowError(0, "", "The file is empty."));
            return (drafts, errors);
        }

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = CsvColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            errors.Add(new RowError(0, "", $"The header row is missing the columns: {string.Join(", ", missing)}."));
            return (drafts, errors);
        }

        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            string Field(string name) => header.IndexOf(name) is var i && i < record.Count ? CsvTable.Unguard(record[i].Trim()) : "";
            var key = Field("key");
            var numbers = new List<int>();
            var correct = new List<int>();
            if (!TryNumbers(Field("statements"), numbers))
            {
                errors.Add(new RowError(r, key, "Statements must be numbers separated by ;."));
            }

            if (!TryNumbers(Field("correct"), correct))
            {
                errors.Add(new RowError(r, key, "Correct must be option numbers separated by ;."));
            }

            var partial = Field("partial credit").ToLowerInvariant();
            if (partial is not ("" or "yes" or "no" or "true" or "false"))
            {
                errors.Add(new RowError(r, key, "Partial credit must be yes or no."));
            }

            drafts.Add(new ItemDraft(key, Field("kind"), Field("group"), numbers, Field("scenario"), Field("scenario text"), Field("stem"),
                Field("options").Split('|', StringSplitOptions.TrimEntries), correct, partial is "yes" or "true", Field("rationale"), Field("status") is { Length: > 0 } s ? s : "Draft"));
        }

        return (drafts, errors);
    }

    private static bool TryNumbers(string text, List<int> into)
    {
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            into.Add(n);
        }

        return true;
    }

    private sealed record JsonDraft(string? Key, string? Kind, string? Group, List<int>? Statements, string? Scenario, string? ScenarioText, string? Stem,
        List<string>? Options, List<int>? Correct, bool PartialCredit, string? Rationale, string? Status);
}
