using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Organisations;

/// <summary>How many organisations an import added, changed and found already as they are.</summary>
public sealed record ImportCounts(int Added, int Updated, int Unchanged);

/// <summary>
/// Adds or updates organisations from checked details, matched by code (a re-import updates, never duplicates), for
/// the CSV import page and the recipe step. Every addition and change is audited; the caller saves, so nothing is
/// stored unless all of it is.
/// </summary>
public sealed class OrganisationImport(AccreditationDbContext db, IAuditTrail audit, IIdSource ids)
{
    /// <summary>Adds each organisation not yet here and updates those whose details differ.</summary>
    public async Task<ImportCounts> ApplyAsync(IReadOnlyList<OrganisationDetails> organisations, string source, CancellationToken ct)
    {
        var codes = organisations.Select(o => OrganisationRules.NormaliseCode(o.Code)).ToList();
        var existing = await db.Set<Organisation>().Where(o => codes.Contains(o.Code)).ToDictionaryAsync(o => o.Code, ct);
        int added = 0, updated = 0, unchanged = 0;
        foreach (var details in organisations)
        {
            var code = OrganisationRules.NormaliseCode(details.Code);
            var name = details.Name!.Trim();
            if (!existing.TryGetValue(code, out var organisation))
            {
                organisation = new Organisation { Id = ids.NewId(), Name = name, Code = code, Kind = details.Kind, Region = details.Region };
                db.Add(organisation);
                existing[code] = organisation;
                audit.Add("organisation.created", "Organisation", organisation.Id.ToString(), $"{code} {name}, {source}");
                added++;
                continue;
            }

            var changes = Describe(organisation, name, details);
            if (changes.Count == 0)
            {
                unchanged++;
                continue;
            }

            organisation.Name = name;
            organisation.Kind = details.Kind;
            organisation.Region = details.Region;
            audit.Add("organisation.updated", "Organisation", organisation.Id.ToString(), $"{code}: {string.Join("; ", changes)}, {source}");
            updated++;
        }

        return new ImportCounts(added, updated, unchanged);
    }

    /// <summary>What would change, in words for the audit trail.</summary>
    public static List<string> Describe(Organisation organisation, string name, OrganisationDetails details)
    {
        var changes = new List<string>();
        if (organisation.Name != name)
        {
            changes.Add($"name '{organisation.Name}' to '{name}'");
        }

        if (organisation.Kind != details.Kind)
        {
            changes.Add($"kind {organisation.Kind} to {details.Kind}");
        }

        if (organisation.Region != details.Region)
        {
            changes.Add($"region {organisation.Region?.ToString() ?? "none"} to {details.Region?.ToString() ?? "none"}");
        }

        return changes;
    }
}

/// <summary>Reads organisations for other modules (the <see cref="IOrganisationDirectory"/> contract).</summary>
public sealed class OrganisationDirectory(AccreditationDbContext db) : IOrganisationDirectory
{
    /// <inheritdoc />
    public async Task<OrganisationSummary?> FindAsync(Guid id, CancellationToken ct = default) =>
        (await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct))?.ToSummary();

    /// <inheritdoc />
    public async Task<OrganisationSummary?> FindByCodeAsync(string code, CancellationToken ct = default)
    {
        var normalised = OrganisationRules.NormaliseCode(code);
        return (await db.Set<Organisation>().AsNoTracking().SingleOrDefaultAsync(o => o.Code == normalised, ct))?.ToSummary();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrganisationSummary>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<Organisation>().AsNoTracking().OrderBy(o => o.Name).ThenBy(o => o.Code).ToListAsync(ct)).Select(o => o.ToSummary()).ToList();
}
