using Accreditation.Core.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Programmes;

/// <summary>Reads programmes without tracking.</summary>
public sealed class ProgrammeDirectory(AccreditationDbContext db) : IProgrammeDirectory
{
    /// <inheritdoc />
    public Task<ProgrammeSummary?> FindAsync(Guid id, CancellationToken ct = default) =>
        db.Set<Programme>().AsNoTracking().Where(p => p.Id == id)
            .Select(p => new ProgrammeSummary(p.Id, p.Name, p.FrameworkKey, p.FrameworkVersionId, p.FrameworkVersionNumber, p.AccreditationValidYears, p.RenewalRequiresCpd))
            .SingleOrDefaultAsync(ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProgrammeSummary>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<Programme>().AsNoTracking()
            .Select(p => new ProgrammeSummary(p.Id, p.Name, p.FrameworkKey, p.FrameworkVersionId, p.FrameworkVersionNumber, p.AccreditationValidYears, p.RenewalRequiresCpd))
            .ToListAsync(ct)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
}
