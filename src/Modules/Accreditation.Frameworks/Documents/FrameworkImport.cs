using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Frameworks.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Documents;

/// <summary>What applying a framework document did.</summary>
public enum ImportOutcome
{
    /// <summary>A new version was added (and the framework, if it was new).</summary>
    Created,

    /// <summary>The same version with the same content was already here; nothing changed.</summary>
    Unchanged,
}

/// <summary>The outcome of applying a framework document: what happened to which version, or why it was refused.</summary>
public sealed record ImportResult(ImportOutcome Outcome, FrameworkVersion? Version, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the document was accepted.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static ImportResult Refused(string path, string message) => new(ImportOutcome.Unchanged, null, [new DocumentError(path, message)]);
}

/// <summary>
/// Adds a framework version from a checked document, for the recipe step and the import page. An existing version is
/// never changed: the same content is accepted as "unchanged", different content is refused. The caller saves.
/// </summary>
public sealed class FrameworkImport(AccreditationDbContext db, TimeProvider clock, IIdSource ids)
{
    /// <summary>Adds the document's version to the context, or says why not. Paths of errors start with <paramref name="prefix"/>.</summary>
    public async Task<ImportResult> ApplyAsync(FrameworkDocument document, string prefix, CancellationToken ct)
    {
        var framework = await db.Set<Framework>().Include(f => f.Versions).SingleOrDefaultAsync(f => f.Key == document.Key, ct);
        var now = clock.GetUtcNow();
        if (framework is null)
        {
            framework = new Framework { Id = ids.NewId(), Key = document.Key, Name = document.Name.Trim(), Description = document.Description.Trim() };
            db.Add(framework);
            return new ImportResult(ImportOutcome.Created, AddVersion(framework, document, now), []);
        }

        var existing = framework.Versions.SingleOrDefault(v => v.Number == document.Version);
        if (existing is not null)
        {
            var statements = await db.Set<KssStatement>().AsNoTracking().Where(s => s.FrameworkVersionId == existing.Id).OrderBy(s => s.Number).ToListAsync(ct);
            if (SameContent(existing, statements, document))
            {
                return new ImportResult(ImportOutcome.Unchanged, existing, []);
            }

            return ImportResult.Refused($"{prefix}.version", existing.IsPublished
                ? $"Version {existing.Number} of '{framework.Key}' is already published with different content, and a published version never changes. Give these statements a new version number ({framework.Versions.Max(v => v.Number) + 1})."
                : $"Version {existing.Number} of '{framework.Key}' is a draft being edited here with different content. Change the draft on its admin page, or delete it first.");
        }

        if (framework.Versions.FirstOrDefault(v => !v.IsPublished) is { } draft)
        {
            return ImportResult.Refused($"{prefix}.version",
                $"'{framework.Key}' has a draft, version {draft.Number}, being edited. Publish or delete that draft before adding another version.");
        }

        var highest = framework.Versions.Count == 0 ? 0 : framework.Versions.Max(v => v.Number);
        if (document.Version <= highest)
        {
            return ImportResult.Refused($"{prefix}.version",
                $"Version numbers only go up: '{framework.Key}' already has version {highest}, so a new version must be {highest + 1} or higher.");
        }

        // The newest version describes the framework.
        if (framework.Name != document.Name.Trim())
        {
            framework.Name = document.Name.Trim();
        }

        if (framework.Description != document.Description.Trim())
        {
            framework.Description = document.Description.Trim();
        }

        return new ImportResult(ImportOutcome.Created, AddVersion(framework, document, now), []);
    }

    /// <summary>The document of a stored version (what an export downloads).</summary>
    public static FrameworkDocument ToDocument(Framework framework, FrameworkVersion version, IEnumerable<KssStatement> statements) =>
        new(framework.Key, framework.Name, version.Number,
            statements.OrderBy(s => s.Number).Select(s => new StatementDocument(s.Number, s.Title, s.Description)).ToList(),
            framework.Description, version.PublishedOn);

    private FrameworkVersion AddVersion(Framework framework, FrameworkDocument document, DateTimeOffset now)
    {
        var version = new FrameworkVersion
        {
            Id = ids.NewId(),
            FrameworkId = framework.Id,
            Number = document.Version,
            Status = document.Published is null ? FrameworkVersionStatus.Draft : FrameworkVersionStatus.Published,
            PublishedOn = document.Published,
            CreatedAt = now,
            ChangedAt = now,
        };
        foreach (var statement in document.Statements.OrderBy(s => s.Number))
        {
            version.Statements.Add(new KssStatement
            {
                Id = ids.NewId(),
                FrameworkVersionId = version.Id,
                Number = statement.Number,
                Title = statement.Title.Trim(),
                Description = statement.Description.Trim(),
            });
        }

        framework.Versions.Add(version);
        db.Add(version);
        return version;
    }

    private static bool SameContent(FrameworkVersion version, IReadOnlyList<KssStatement> stored, FrameworkDocument document) =>
        version.PublishedOn == document.Published &&
        stored.Select(s => (s.Number, s.Title, s.Description))
            .SequenceEqual(document.Statements.OrderBy(s => s.Number).Select(s => (s.Number, s.Title.Trim(), s.Description.Trim())));
}
