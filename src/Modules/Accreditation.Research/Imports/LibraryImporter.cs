using Accreditation.Research.Library;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Imports;

/// <summary>What an import will do with one row: create an item, update one, leave one unchanged, or nothing (errors).</summary>
public enum ImportAction
{
    /// <summary>A new item.</summary>
    Create,

    /// <summary>An existing item (same DOI, else same title and year) gets the file's values.</summary>
    Update,

    /// <summary>An existing item already holds the file's values.</summary>
    Unchanged,

    /// <summary>The row has errors.</summary>
    Invalid,
}

/// <summary>One previewed row: the row, what will happen and the item it matches.</summary>
public sealed record ImportPlanRow(ImportRow Row, ImportAction Action, Guid? ExistingId);

/// <summary>The preview of an import; it can be applied only when no row has errors.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportPlanRow> Rows)
{
    /// <summary>Whether the import can go ahead.</summary>
    public bool CanImport => Rows.Count > 0 && Rows.All(r => r.Action != ImportAction.Invalid);

    /// <summary>Rows per action.</summary>
    public int CountOf(ImportAction action) => Rows.Count(r => r.Action == action);
}

/// <summary>
/// Imports RIS, CSV, PDF and Word files: a preview first, then all rows in one transaction (a file with any error
/// imports nothing). Rows match existing items by DOI, else by title and year, so importing the same file again
/// updates rather than duplicates.
/// </summary>
public sealed class LibraryImporter(ResearchLibrary library)
{
    /// <summary>Reads the files and works out what importing them would do.</summary>
    public async Task<ImportPlan> PreviewAsync(IReadOnlyList<(string Name, byte[] Content)> files, CancellationToken ct = default)
    {
        var db = library.Db;
        var vocabulary = new LibraryVocabulary(
            await db.Set<ResearchTopic>().Select(t => t.Name).ToListAsync(ct),
            await db.Set<EvidenceLevel>().Select(l => l.Name).ToListAsync(ct));
        var rows = new List<ImportRow>();
        foreach (var (name, content) in files)
        {
            if (content.Length > ImportReaders.MaxBytes)
            {
                var tooBig = new ImportRow { File = name, Line = 1 };
                tooBig.Errors.Add("The file is larger than 20 MB.");
                rows.Add(tooBig);
                continue;
            }

            rows.AddRange(ImportReaders.Read(name, content, vocabulary));
        }

        var plan = new List<ImportPlanRow>();
        var seen = new Dictionary<string, ImportRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (field, message) in ResearchLibrary.LinkProblems(row.Link, row.FullText))
            {
                row.Errors.Add(field == "Link" ? $"The link '{(row.Link.Length > 80 ? row.Link[..80] + "…" : row.Link)}' is refused. {message}" : message);
            }

            var key = row.Doi.Length > 0 ? "doi:" + row.Doi : "key:" + ResearchLibrary.MatchKeyOf(row.Title, row.Year);
            if (row.Errors.Count == 0 && seen.TryGetValue(key, out var first))
            {
                row.Errors.Add($"The same item as {first.File} line {first.Line}.");
            }
            else
            {
                seen.TryAdd(key, row);
            }

            if (row.Errors.Count > 0)
            {
                plan.Add(new ImportPlanRow(row, ImportAction.Invalid, null));
                continue;
            }

            var existing = await FindAsync(row, ct);
            plan.Add(existing is null
                ? new ImportPlanRow(row, ImportAction.Create, null)
                : new ImportPlanRow(row, Differs(existing, row) ? ImportAction.Update : ImportAction.Unchanged, existing.Id));
        }

        return new ImportPlan(plan);
    }

    /// <summary>Applies a plan with no errors in one transaction; returns false (changing nothing) otherwise.</summary>
    public async Task<bool> ImportAsync(ImportPlan plan, CancellationToken ct = default)
    {
        if (!plan.CanImport)
        {
            return false;
        }

        var db = library.Db;
        var topics = await db.Set<ResearchTopic>().ToDictionaryAsync(t => t.Name, StringComparer.OrdinalIgnoreCase, ct);
        var levels = await db.Set<EvidenceLevel>().ToDictionaryAsync(l => l.Name, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var planned in plan.Rows.Where(r => r.Action is ImportAction.Create or ImportAction.Update))
        {
            var row = planned.Row;
            var item = planned.ExistingId is { } id
                ? await db.Set<ResearchItem>().Include(i => i.Topics).SingleAsync(i => i.Id == id, ct)
                : new ResearchItem { Type = row.Type ?? ResearchItemType.Other, IsPublished = row.Published ?? false };
            Copy(row, item, topics, levels);
            if (planned.ExistingId is null)
            {
                library.Add(item);
            }
            else
            {
                library.Changed(item, "research.item-imported");
            }
        }

        await db.SaveChangesAsync(ct); // one SaveChanges: every row and its index task commit together, or none
        return true;
    }

    private async Task<ResearchItem?> FindAsync(ImportRow row, CancellationToken ct)
    {
        var items = library.Db.Set<ResearchItem>().AsNoTracking().Include(i => i.Topics).Include(i => i.EvidenceLevel);
        if (row.Doi.Length > 0 && await items.FirstOrDefaultAsync(i => i.Doi == row.Doi, ct) is { } byDoi)
        {
            return byDoi;
        }

        var key = ResearchLibrary.MatchKeyOf(row.Title, row.Year);
        return await items.FirstOrDefaultAsync(i => i.MatchKey == key, ct);
    }

    private static bool Differs(ResearchItem item, ImportRow row)
    {
        var copy = new ResearchItem
        {
            Title = item.Title,
            Authors = item.Authors,
            Year = item.Year,
            Source = item.Source,
            Type = item.Type,
            Abstract = item.Abstract,
            FullText = item.FullText,
            KssStatements = [.. item.KssStatements],
            Access = item.Access,
            Link = item.Link,
            Doi = item.Doi,
            IsPublished = item.IsPublished,
            Topics = [.. item.Topics],
            EvidenceLevel = item.EvidenceLevel,
        };
        var topics = item.Topics.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var name in row.Topics.Where(n => !topics.ContainsKey(n)))
        {
            topics[name] = new ResearchTopic { Name = name };
        }

        var levels = new Dictionary<string, EvidenceLevel>(StringComparer.OrdinalIgnoreCase);
        if (row.Evidence is { } evidence)
        {
            levels[evidence] = item.EvidenceLevel is { } current && string.Equals(current.Name, evidence, StringComparison.OrdinalIgnoreCase) ? current : new EvidenceLevel { Name = evidence };
        }

        Copy(row, copy, topics, levels);
        return copy.Title != item.Title || copy.Authors != item.Authors || copy.Year != item.Year || copy.Source != item.Source ||
               copy.Type != item.Type || copy.Abstract != item.Abstract || copy.FullText != item.FullText || copy.Access != item.Access ||
               copy.Link != item.Link || copy.Doi != item.Doi || copy.IsPublished != item.IsPublished ||
               !copy.KssStatements.SequenceEqual(item.KssStatements) ||
               !copy.Topics.Select(t => t.Name).Order().SequenceEqual(item.Topics.Select(t => t.Name).Order()) ||
               copy.EvidenceLevel?.Name != item.EvidenceLevel?.Name;
    }

    // Only what the file says is copied: an empty column or a missing tag leaves the item's value as it is.
    private static void Copy(ImportRow row, ResearchItem item, Dictionary<string, ResearchTopic> topics, Dictionary<string, EvidenceLevel> levels)
    {
        item.Title = row.Title.Trim();
        item.Year = row.Year ?? item.Year;
        item.Authors = row.Authors.Length > 0 ? row.Authors : item.Authors;
        item.Source = row.Source.Length > 0 ? row.Source : item.Source;
        item.Type = row.Type ?? item.Type;
        item.Abstract = row.Abstract.Length > 0 ? row.Abstract : item.Abstract;
        item.FullText = row.FullText.Length > 0 ? row.FullText : item.FullText;
        item.Access = row.Access ?? item.Access;
        item.Link = row.Link.Length > 0 ? row.Link : item.Link;
        item.Doi = row.Doi.Length > 0 ? row.Doi : item.Doi;
        item.IsPublished = row.Published ?? item.IsPublished;
        if (row.KssStatements.Count > 0)
        {
            item.KssStatements = row.KssStatements.Distinct(StringComparer.Ordinal).ToList();
        }

        if (row.Topics.Count > 0)
        {
            var wanted = row.Topics.Select(n => topics[n]).Distinct().ToList();
            item.Topics.RemoveAll(t => !wanted.Contains(t));
            item.Topics.AddRange(wanted.Where(t => !item.Topics.Contains(t)));
        }

        if (row.Evidence is { } evidence)
        {
            item.EvidenceLevel = levels[evidence];
            item.EvidenceLevelId = levels[evidence].Id;
        }
    }
}
