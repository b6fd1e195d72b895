using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Frameworks.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Versioning;

/// <summary>The outcome of a change to a framework version: done, refused with messages per field, or a concurrency conflict.</summary>
public sealed record VersioningResult(FrameworkVersion? Version, IReadOnlyList<FormError> Errors, bool IsConflict = false) : FormResult(Errors, IsConflict)
{
    internal static VersioningResult Done(FrameworkVersion version) => new(version, []);

    internal static VersioningResult Refused(string field, string message) => new(null, [new(field, message)]);

    internal static VersioningResult Conflict() => new(null,
        [new("", "Someone else changed this version since you opened the page, so your change was not saved. Check the latest content and try again.")],
        IsConflict: true);
}

/// <summary>
/// How a framework gets a new version: draft from the current published version, edit the draft's statements,
/// publish. Published versions are never changed here or anywhere else; every change is audited.
/// </summary>
public sealed class FrameworkVersioning(AccreditationDbContext db, IAuditTrail audit, TimeProvider clock, IIdSource ids)
{
    /// <summary>Field name for a statement title.</summary>
    public const string TitleField = "Title";

    /// <summary>Field name for a statement description.</summary>
    public const string DescriptionField = "Description";

    /// <summary>Creates a draft version numbered after the highest version, copying the current published version's statements.</summary>
    public async Task<VersioningResult> CreateDraftAsync(string key, CancellationToken ct = default)
    {
        var framework = await db.Set<Framework>().Include(f => f.Versions).SingleOrDefaultAsync(f => f.Key == key, ct);
        if (framework is null)
        {
            return VersioningResult.Refused("", $"There is no framework '{key}'.");
        }

        if (framework.Versions.FirstOrDefault(v => !v.IsPublished) is { } existing)
        {
            return VersioningResult.Refused("", $"{framework.Name} already has a draft (version {existing.Number}). Publish or delete it before starting another.");
        }

        var current = framework.Versions.Where(v => v.IsPublished).MaxBy(v => v.Number);
        if (current is null)
        {
            return VersioningResult.Refused("", $"{framework.Name} has no published version to start a draft from.");
        }

        var statements = await db.Set<KssStatement>().AsNoTracking().Where(s => s.FrameworkVersionId == current.Id).OrderBy(s => s.Number).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var draft = new FrameworkVersion
        {
            Id = ids.NewId(),
            FrameworkId = framework.Id,
            Number = framework.Versions.Max(v => v.Number) + 1,
            Status = FrameworkVersionStatus.Draft,
            CreatedAt = now,
            ChangedAt = now,
        };
        foreach (var statement in statements)
        {
            draft.Statements.Add(new KssStatement
            {
                Id = ids.NewId(),
                FrameworkVersionId = draft.Id,
                Number = statement.Number,
                Title = statement.Title,
                Description = statement.Description,
            });
        }

        db.Add(draft);
        audit.Add("framework.draft-created", nameof(FrameworkVersion), draft.Id.ToString(), $"{framework.Key} version {draft.Number} from version {current.Number}");
        return await SaveAsync(draft, ct);
    }

    /// <summary>Changes a draft statement's title and description; <paramref name="rowVersion"/> is the statement's version when the form was shown.</summary>
    public async Task<VersioningResult> UpdateStatementAsync(Guid statementId, uint rowVersion, string? title, string? description, CancellationToken ct = default)
    {
        var errors = CheckText(title, description);
        if (errors.Count > 0)
        {
            return new VersioningResult(null, errors);
        }

        var statement = await db.Set<KssStatement>().SingleOrDefaultAsync(s => s.Id == statementId, ct);
        if (statement is null)
        {
            return VersioningResult.Refused("", "That statement no longer exists.");
        }

        var version = await DraftOf(statement.FrameworkVersionId, ct);
        if (version is null)
        {
            return PublishedRefusal();
        }

        db.Entry(statement).Property(s => s.Version).OriginalValue = rowVersion;
        statement.Title = title!.Trim();
        statement.Description = description!.Trim();
        Touch(version);
        audit.Add("framework.statement-changed", nameof(KssStatement), statement.Id.ToString(), $"{version.Framework!.Key} version {version.Number} statement {statement.Number}");
        return await SaveAsync(version, ct);
    }

    /// <summary>Adds a statement at the end of a draft.</summary>
    public async Task<VersioningResult> AddStatementAsync(Guid versionId, string? title, string? description, CancellationToken ct = default)
    {
        var errors = CheckText(title, description);
        if (errors.Count > 0)
        {
            return new VersioningResult(null, errors);
        }

        var version = await DraftOf(versionId, ct);
        if (version is null)
        {
            return PublishedRefusal();
        }

        var numbers = await db.Set<KssStatement>().Where(s => s.FrameworkVersionId == versionId).Select(s => s.Number).ToListAsync(ct);
        if (numbers.Count >= FrameworksModel.MaxStatements)
        {
            return VersioningResult.Refused("", $"A framework version can have at most {FrameworksModel.MaxStatements} statements.");
        }

        var statement = new KssStatement
        {
            Id = ids.NewId(),
            FrameworkVersionId = versionId,
            Number = numbers.Count == 0 ? 1 : numbers.Max() + 1,
            Title = title!.Trim(),
            Description = description!.Trim(),
        };
        db.Add(statement);
        Touch(version);
        audit.Add("framework.statement-added", nameof(KssStatement), statement.Id.ToString(), $"{version.Framework!.Key} version {version.Number} statement {statement.Number}");
        return await SaveAsync(version, ct);
    }

    /// <summary>Removes a statement from a draft; the statements after it move up one number so numbers stay 1 to n.</summary>
    public async Task<VersioningResult> RemoveStatementAsync(Guid statementId, uint rowVersion, CancellationToken ct = default)
    {
        var statement = await db.Set<KssStatement>().SingleOrDefaultAsync(s => s.Id == statementId, ct);
        if (statement is null)
        {
            return VersioningResult.Refused("", "That statement no longer exists.");
        }

        var version = await DraftOf(statement.FrameworkVersionId, ct);
        if (version is null)
        {
            return PublishedRefusal();
        }

        db.Entry(statement).Property(s => s.Version).OriginalValue = rowVersion;
        var later = await db.Set<KssStatement>().Where(s => s.FrameworkVersionId == version.Id && s.Number > statement.Number).OrderBy(s => s.Number).ToListAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.Remove(statement);
            Touch(version);
            audit.Add("framework.statement-removed", nameof(KssStatement), statement.Id.ToString(), $"{version.Framework!.Key} version {version.Number} statement {statement.Number}");
            await db.SaveChangesAsync(ct);

            // Two passes keep the unique (version, number) index satisfied whatever order the updates run in.
            foreach (var moved in later)
            {
                moved.Number = -moved.Number;
            }

            await db.SaveChangesAsync(ct);
            foreach (var moved in later)
            {
                moved.Number = -moved.Number - 1;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return VersioningResult.Done(version);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return VersioningResult.Conflict();
        }
    }

    /// <summary>Publishes a draft: from now on it is the current version and never changes.</summary>
    public async Task<VersioningResult> PublishAsync(Guid versionId, uint rowVersion, CancellationToken ct = default)
    {
        var version = await db.Set<FrameworkVersion>().Include(v => v.Framework).SingleOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return VersioningResult.Refused("", "That version no longer exists.");
        }

        if (version.IsPublished)
        {
            return VersioningResult.Refused("", $"Version {version.Number} is already published.");
        }

        var statements = await db.Set<KssStatement>().CountAsync(s => s.FrameworkVersionId == versionId, ct);
        if (statements == 0)
        {
            return VersioningResult.Refused("", "Add at least one statement before publishing.");
        }

        var highest = await db.Set<FrameworkVersion>().Where(v => v.FrameworkId == version.FrameworkId && v.Status == FrameworkVersionStatus.Published)
            .Select(v => (int?)v.Number).MaxAsync(ct);
        if (highest >= version.Number)
        {
            return VersioningResult.Refused("", $"Version {highest} was published after this draft was made. Delete this draft and start a new one.");
        }

        db.Entry(version).Property(v => v.Version).OriginalValue = rowVersion;
        version.Status = FrameworkVersionStatus.Published;
        version.PublishedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Touch(version);
        audit.Add("framework.published", nameof(FrameworkVersion), version.Id.ToString(), $"{version.Framework!.Key} version {version.Number}, {statements} statements");
        return await SaveAsync(version, ct);
    }

    /// <summary>Deletes a draft and its statements.</summary>
    public async Task<VersioningResult> DeleteDraftAsync(Guid versionId, uint rowVersion, CancellationToken ct = default)
    {
        var version = await DraftOf(versionId, ct);
        if (version is null)
        {
            return PublishedRefusal();
        }

        db.Entry(version).Property(v => v.Version).OriginalValue = rowVersion;
        db.RemoveRange(await db.Set<KssStatement>().Where(s => s.FrameworkVersionId == versionId).ToListAsync(ct));
        db.Remove(version);
        audit.Add("framework.draft-deleted", nameof(FrameworkVersion), version.Id.ToString(), $"{version.Framework!.Key} version {version.Number}");
        return await SaveAsync(version, ct);
    }

    private static List<FormError> CheckText(string? title, string? description) =>
        new StatementTextValidator().Validate(new StatementText(title, description)).ToFormErrors();

    private static VersioningResult PublishedRefusal() =>
        VersioningResult.Refused("", "This version is published, so it cannot be changed. Start a new draft to make changes.");

    private async Task<FrameworkVersion?> DraftOf(Guid versionId, CancellationToken ct) =>
        await db.Set<FrameworkVersion>().Include(v => v.Framework)
            .SingleOrDefaultAsync(v => v.Id == versionId && v.Status == FrameworkVersionStatus.Draft, ct);

    // Every change to a draft also updates the version row, so it is checked against a concurrent publish or delete.
    private void Touch(FrameworkVersion version)
    {
        version.ChangedAt = clock.GetUtcNow();
        db.Entry(version).Property(v => v.ChangedAt).IsModified = true;
    }

    private async Task<VersioningResult> SaveAsync(FrameworkVersion version, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return VersioningResult.Done(version);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return VersioningResult.Conflict();
        }
    }
}
