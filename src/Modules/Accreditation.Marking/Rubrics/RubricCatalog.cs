using System.Text.Json;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Rubrics;

/// <summary>One statement's rubric: a descriptor per level (candidates see these) and guidance for markers.</summary>
public sealed record StatementRubricView(int Number, IReadOnlyList<string> Descriptors, string Guidance);

/// <summary>A rubric as marking uses it: the level names, lowest first, and each statement's descriptors.</summary>
public sealed record RubricView(Guid? Id, IReadOnlyList<string> Levels, IReadOnlyDictionary<int, StatementRubricView> Statements)
{
    /// <summary>A statement's rubric (the default descriptors when the rubric has none for it).</summary>
    public StatementRubricView For(int number) =>
        Statements.TryGetValue(number, out var s) ? s : new StatementRubricView(number, RubricCatalog.DefaultDescriptors, "");

    /// <summary>A level's name, or "Not graded".</summary>
    public string LevelName(int? level) => level is { } l && l >= 0 && l < Levels.Count ? Levels[l] : "Not graded";
}

/// <summary>Rubric content to import (a recipe step, or a test).</summary>
public sealed record RubricInput(string Framework, int Version, IReadOnlyList<string>? Levels, IReadOnlyList<StatementRubricInput> Statements);

/// <summary>One statement of an imported rubric.</summary>
public sealed record StatementRubricInput(int Number, IReadOnlyList<string> Descriptors, string? Guidance);

/// <summary>Rubrics per framework version: read for marking, imported by recipe.</summary>
public sealed class RubricCatalog(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>The default four levels.</summary>
    public static readonly IReadOnlyList<string> DefaultLevels = ["Not yet evidenced", "Partly evidenced", "Evidenced", "Strongly evidenced"];

    /// <summary>Descriptors used when a framework version has no rubric for a statement.</summary>
    public static readonly IReadOnlyList<string> DefaultDescriptors =
    [
        "The evidence does not yet show the statement in the candidate's practice.",
        "The evidence shows parts of the statement, or shows it only in passing.",
        "The evidence shows the statement clearly in the candidate's own practice, with reflection on its impact.",
        "The evidence shows the statement consistently and in depth, with a clear, reflective account of the difference made for children and families.",
    ];

    /// <summary>The rubric of a framework version, or the default four-level rubric when none was imported.</summary>
    public async Task<RubricView> ForVersionAsync(Guid frameworkVersionId, CancellationToken ct)
    {
        var rubric = await db.Set<Rubric>().AsNoTracking().Include(r => r.Statements).SingleOrDefaultAsync(r => r.FrameworkVersionId == frameworkVersionId, ct);
        if (rubric is null)
        {
            return new RubricView(null, DefaultLevels, new Dictionary<int, StatementRubricView>());
        }

        var levels = JsonSerializer.Deserialize<List<string>>(rubric.LevelsJson) ?? [.. DefaultLevels];
        return new RubricView(rubric.Id, levels, rubric.Statements.ToDictionary(
            s => s.StatementNumber,
            s => new StatementRubricView(s.StatementNumber, JsonSerializer.Deserialize<List<string>>(s.DescriptorsJson) ?? [], s.MarkerGuidance)));
    }

    /// <summary>Every imported rubric.</summary>
    public async Task<IReadOnlyList<Rubric>> ListAsync(CancellationToken ct) =>
        await db.Set<Rubric>().AsNoTracking().Include(r => r.Statements).OrderBy(r => r.FrameworkKey).ThenBy(r => r.FrameworkVersionNumber).ToListAsync(ct);

    /// <summary>Adds or replaces the rubric of a framework version (the caller saves); unchanged content changes nothing.</summary>
    public async Task ImportAsync(Guid frameworkVersionId, string frameworkKey, int versionNumber, RubricInput input, CancellationToken ct)
    {
        var levels = JsonSerializer.Serialize(input.Levels is { Count: > 0 } l ? l : DefaultLevels);
        var rubric = await db.Set<Rubric>().Include(r => r.Statements).SingleOrDefaultAsync(r => r.FrameworkVersionId == frameworkVersionId, ct);
        if (rubric is null)
        {
            rubric = new Rubric { Id = ids.NewId(), FrameworkVersionId = frameworkVersionId, FrameworkKey = frameworkKey, FrameworkVersionNumber = versionNumber, LevelsJson = levels, CreatedAt = clock.GetUtcNow() };
            db.Add(rubric);
            audit.Add("rubric.imported", "Rubric", rubric.Id.ToString(), $"{frameworkKey} version {versionNumber}");
        }
        else if (rubric.LevelsJson != levels)
        {
            rubric.LevelsJson = levels;
        }

        foreach (var statement in input.Statements)
        {
            var descriptors = JsonSerializer.Serialize(statement.Descriptors);
            var guidance = statement.Guidance ?? "";
            var existing = rubric.Statements.FirstOrDefault(s => s.StatementNumber == statement.Number);
            if (existing is null)
            {
                var added = new StatementRubric { Id = ids.NewId(), RubricId = rubric.Id, StatementNumber = statement.Number, DescriptorsJson = descriptors, MarkerGuidance = guidance };
                rubric.Statements.Add(added);
                db.Add(added);
            }
            else if (existing.DescriptorsJson != descriptors || existing.MarkerGuidance != guidance)
            {
                existing.DescriptorsJson = descriptors;
                existing.MarkerGuidance = guidance;
            }
        }
    }
}
