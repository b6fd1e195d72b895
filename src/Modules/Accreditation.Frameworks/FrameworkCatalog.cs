using Accreditation.Core.Data;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks;

/// <summary>Reads published versions from the module's tables, without tracking.</summary>
public sealed class FrameworkCatalog(AccreditationDbContext db) : IFrameworkCatalog
{
    private IQueryable<FrameworkVersion> Published =>
        db.Set<FrameworkVersion>().AsNoTracking().Where(v => v.Status == FrameworkVersionStatus.Published);

    /// <inheritdoc />
    public async Task<IReadOnlyList<FrameworkSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await Published
            .Select(v => new { v.Framework!.Key, v.Framework.Name, v.Framework.Description, v.Number, v.PublishedOn })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Key)
            .Select(g => g.MaxBy(r => r.Number)!)
            .Select(r => new FrameworkSummary(r.Key, r.Name, r.Description, r.Number, r.PublishedOn!.Value))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<PublishedVersion?> GetCurrentAsync(string key, CancellationToken ct = default)
    {
        var id = await Published.Where(v => v.Framework!.Key == key).OrderByDescending(v => v.Number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await GetVersionAsync(id.Value, ct);
    }

    /// <inheritdoc />
    public async Task<PublishedVersion?> GetVersionAsync(string key, int number, CancellationToken ct = default)
    {
        var id = await Published.Where(v => v.Framework!.Key == key && v.Number == number).Select(v => (Guid?)v.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await GetVersionAsync(id.Value, ct);
    }

    /// <inheritdoc />
    public async Task<PublishedVersion?> GetVersionAsync(Guid versionId, CancellationToken ct = default)
    {
        var version = await Published.Include(v => v.Framework).Include(v => v.Statements).SingleOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return null;
        }

        var current = await Published.Where(v => v.FrameworkId == version.FrameworkId).MaxAsync(v => v.Number, ct);
        return new PublishedVersion(
            version.Id, version.Framework!.Key, version.Framework.Name, version.Framework.Description, version.Number, version.PublishedOn!.Value,
            version.Number == current, current,
            version.Statements.OrderBy(s => s.Number).Select(s => new PublishedStatement(s.Id, version.Id, s.Number, s.Title, s.Description)).ToList());
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishedVersionSummary>> ListVersionsAsync(string key, CancellationToken ct = default) =>
        await Published.Where(v => v.Framework!.Key == key)
            .OrderByDescending(v => v.Number)
            .Select(v => new PublishedVersionSummary(v.Id, v.Number, v.PublishedOn!.Value, v.Statements.Count))
            .ToListAsync(ct);

    /// <inheritdoc />
    public async Task<PublishedStatement?> GetStatementAsync(Guid statementId, CancellationToken ct = default) =>
        await db.Set<KssStatement>().AsNoTracking()
            .Where(s => s.Id == statementId && Published.Any(v => v.Id == s.FrameworkVersionId))
            .Select(s => new PublishedStatement(s.Id, s.FrameworkVersionId, s.Number, s.Title, s.Description))
            .SingleOrDefaultAsync(ct);
}
