using System.Security.Claims;
using Accreditation.Core.Contracts;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;

namespace Accreditation.Api;

/// <summary>
/// Fills practitioners' accreditation and CPD from whichever modules provide them; with none registered, every
/// practitioner is reported with an empty status and summary.
/// </summary>
public sealed class Sources(IEnumerable<IAccreditationStatusSource> accreditation, IEnumerable<ICpdSummarySource> cpd)
{
    /// <summary>The practitioners as the API shows them to this caller (each part only with its scope).</summary>
    public async Task<IReadOnlyList<Practitioner>> DescribeAsync(IReadOnlyList<PersonSummary> people, ClaimsPrincipal caller, CancellationToken ct)
    {
        var ids = people.Select(p => p.Id).ToList();
        var statuses = AccreditationApi.Has(caller, ApiScopes.AccreditationRead) ? await StatusesAsync(ids, ct) : null;
        var summaries = AccreditationApi.Has(caller, ApiScopes.CpdRead) ? await SummariesAsync(ids, ct) : null;
        return people.Select(p => new Practitioner(
                p.Id,
                p.Name,
                p.Email.Length == 0 ? null : p.Email,
                p.IsActive,
                statuses is null ? null : statuses.GetValueOrDefault(p.Id, AccreditationStatus.Empty),
                summaries is null ? null : summaries.GetValueOrDefault(p.Id, CpdSummary.Empty)))
            .ToList();
    }

    /// <summary>One person's accreditation status.</summary>
    public async Task<AccreditationStatus> AccreditationOfAsync(string userId, CancellationToken ct) =>
        (await StatusesAsync([userId], ct)).GetValueOrDefault(userId, AccreditationStatus.Empty);

    /// <summary>One person's CPD summary.</summary>
    public async Task<CpdSummary> CpdOfAsync(string userId, CancellationToken ct) =>
        (await SummariesAsync([userId], ct)).GetValueOrDefault(userId, CpdSummary.Empty);

    private async Task<Dictionary<string, AccreditationStatus>> StatusesAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var all = new Dictionary<string, AccreditationStatus>(StringComparer.Ordinal);
        foreach (var source in accreditation)
        {
            foreach (var (id, status) in await source.StatusOfAsync(ids, ct))
            {
                all[id] = status;
            }
        }

        return all;
    }

    private async Task<Dictionary<string, CpdSummary>> SummariesAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var all = new Dictionary<string, CpdSummary>(StringComparer.Ordinal);
        foreach (var source in cpd)
        {
            foreach (var (id, summary) in await source.SummaryOfAsync(ids, ct))
            {
                all[id] = summary;
            }
        }

        return all;
    }
}
