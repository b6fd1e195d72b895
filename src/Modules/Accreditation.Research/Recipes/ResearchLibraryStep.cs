using Accreditation.Core.Recipes;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Recipes;

/// <summary>
/// The "research-library" step: topics, evidence levels, glossary lines and library items. Existing topics, levels
/// and glossary lines (by name or text) and items (by DOI, else title and year) are left as they are, so applying
/// the step again changes nothing.
/// </summary>
public sealed class ResearchLibraryStep(ResearchLibrary library, GlossarySource glossary) : RecipeStep<ResearchLibraryStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(
        IReadOnlyList<string>? Topics = null,
        IReadOnlyList<LevelData>? EvidenceLevels = null,
        IReadOnlyList<string>? Glossary = null,
        bool DefaultGlossary = false,
        IReadOnlyList<ItemData>? Items = null);

    /// <summary>An evidence level.</summary>
    public sealed record LevelData(string Name, string Description = "", int Rank = 0);

    /// <summary>A library item.</summary>
    public sealed record ItemData(
        string Title,
        string Authors = "",
        int? Year = null,
        string Source = "",
        ResearchItemType Type = ResearchItemType.Other,
        string Abstract = "",
        string FullText = "",
        IReadOnlyList<string>? Topics = null,
        IReadOnlyList<string>? KssStatements = null,
        string? Evidence = null,
        ResearchAccess Access = ResearchAccess.Staff,
        string Link = "",
        string Doi = "",
        bool Published = true);

    /// <inheritdoc />
    public override string Name => "research-library";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        var levels = (data.EvidenceLevels ?? []).Select(l => l.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < (data.Topics?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(data.Topics![i]) || data.Topics[i].Length > 200)
            {
                errors.Add($"$.topics[{i}]", "A topic needs a name of 1 to 200 characters.");
            }
        }

        for (var i = 0; i < (data.EvidenceLevels?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(data.EvidenceLevels![i].Name))
            {
                errors.Add($"$.evidenceLevels[{i}].name", "An evidence level needs a name.");
            }
        }

        for (var i = 0; i < (data.Glossary?.Count ?? 0); i++)
        {
            if (Search.Glossary.Split(data.Glossary![i]).Count < 2)
            {
                errors.Add($"$.glossary[{i}]", "A glossary line needs at least two terms separated by commas.");
            }
        }

        for (var i = 0; i < (data.Items?.Count ?? 0); i++)
        {
            var item = data.Items![i];
            if (string.IsNullOrWhiteSpace(item.Title) || item.Title.Length > 500)
            {
                errors.Add($"$.items[{i}].title", "An item needs a title of 1 to 500 characters.");
            }

            if (item.Year is < 1900 or > 2100)
            {
                errors.Add($"$.items[{i}].year", "The year must be between 1900 and 2100.");
            }

            foreach (var (field, message) in ResearchLibrary.LinkProblems(item.Link, item.FullText))
            {
                errors.Add($"$.items[{i}].{char.ToLowerInvariant(field[0])}{field[1..]}", message);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var db = context.Db;
        var topics = await db.Set<ResearchTopic>().ToDictionaryAsync(t => t.Name, StringComparer.OrdinalIgnoreCase, ct);
        ResearchTopic Topic(string name)
        {
            if (!topics.TryGetValue(name.Trim(), out var topic))
            {
                topic = new ResearchTopic { Id = library.NewId(), Name = name.Trim() };
                db.Set<ResearchTopic>().Add(topic);
                topics[topic.Name] = topic;
            }

            return topic;
        }

        foreach (var name in data.Topics ?? [])
        {
            Topic(name);
        }

        var levels = await db.Set<EvidenceLevel>().ToDictionaryAsync(l => l.Name, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var level in data.EvidenceLevels ?? [])
        {
            if (!levels.ContainsKey(level.Name))
            {
                var added = new EvidenceLevel { Id = library.NewId(), Name = level.Name.Trim(), Description = level.Description, Rank = level.Rank };
                db.Set<EvidenceLevel>().Add(added);
                levels[added.Name] = added;
            }
        }

        var lines = (data.Glossary ?? []).Concat(data.DefaultGlossary ? Search.Glossary.Defaults : []).ToList();
        if (lines.Count > 0)
        {
            var existing = (await db.Set<GlossaryEntry>().Select(g => g.Terms).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Select(l => string.Join(", ", Search.Glossary.Split(l))).Where(existing.Add))
            {
                db.Set<GlossaryEntry>().Add(new GlossaryEntry { Id = library.NewId(), Terms = line });
            }

            context.Db.Announce(GlossarySource.Topic);
            context.AfterCommit(glossary.Reset);
        }

        for (var i = 0; i < (data.Items?.Count ?? 0); i++)
        {
            var item = data.Items![i];
            var doi = ResearchLibrary.NormaliseDoi(item.Doi);
            var key = ResearchLibrary.MatchKeyOf(item.Title, item.Year);
            var exists = doi.Length > 0
                ? await db.Set<ResearchItem>().AnyAsync(x => x.Doi == doi, ct)
                : await db.Set<ResearchItem>().AnyAsync(x => x.MatchKey == key, ct);
            if (exists)
            {
                continue;
            }

            if (item.Evidence is { } evidence && !levels.ContainsKey(evidence))
            {
                throw new RecipeStepException($"$.items[{i}].evidence", $"Unknown evidence level '{evidence}'.");
            }

            library.Add(new ResearchItem
            {
                Title = item.Title.Trim(),
                Authors = item.Authors,
                Year = item.Year,
                Source = item.Source,
                Type = item.Type,
                Abstract = item.Abstract,
                FullText = item.FullText,
                Topics = (item.Topics ?? []).Select(Topic).Distinct().ToList(),
                KssStatements = (item.KssStatements ?? []).ToList(),
                EvidenceLevel = item.Evidence is { } e ? levels[e] : null,
                Access = item.Access,
                Link = item.Link,
                Doi = doi,
                IsPublished = item.Published,
            });
        }
    }
}
