using Accreditation.Core.Contracts;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>The person's CPD: the current registration year against the requirement, drafts, earlier years and when their accreditation falls due.</summary>
public sealed class IndexModel(CpdRecords records, ICpdYears years, IEnumerable<IAccreditationAwards> awards, TimeProvider clock) : CpdPageModel(clock)
{
    /// <summary>An accreditation and, when its renewal needs CPD, each registration year since it was awarded.</summary>
    public sealed record Currency(AccreditationAward Award, IReadOnlyList<CpdYearStatus> Years);

    /// <summary>The current year.</summary>
    public YearView Current { get; private set; } = null!;

    /// <summary>Drafts waiting to be completed.</summary>
    public IReadOnlyList<CpdRecord> Drafts { get; private set; } = [];

    /// <summary>Earlier years with records.</summary>
    public IReadOnlyList<RegistrationYear> EarlierYears { get; private set; } = [];

    /// <summary>The person's accreditations (nothing when no module provides them).</summary>
    public IReadOnlyList<Currency> Accreditations { get; private set; } = [];

    /// <summary>What happened.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>The registration year (label) of a record just saved into a year other than this one, or null.</summary>
    [TempData]
    public string? SavedInYear { get; set; }

    /// <summary>The date of that record, as a day number (temp data would read an ISO date back as a DateTime).</summary>
    [TempData]
    public int? SavedOn { get; set; }

    /// <summary>The other year a record was just saved into, when it is a valid one.</summary>
    public RegistrationYear? OtherYear => RegistrationYear.TryParse(SavedInYear, out var year) ? year : null;

    /// <summary>The date of the record saved into another year.</summary>
    public DateOnly? OtherYearDate => SavedOn is int day && day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber ? DateOnly.FromDayNumber(day) : null;

    /// <summary>Shows the page.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Current = new YearView(CurrentYear, await records.YearAsync(PersonId, CurrentYear, ct), true);
        Drafts = await records.DraftsAsync(PersonId, ct);
        EarlierYears = (await records.YearsWithRecordsAsync(PersonId, ct)).Where(y => y.Starts < CurrentYear.Starts).ToList();
        var list = new List<Currency>();
        foreach (var source in awards)
        {
            foreach (var award in await source.AwardsOfAsync(PersonId, ct))
            {
                if (award.RevokedAt is not null)
                {
                    continue;
                }

                var statuses = award.RenewalRequiresCpd
                    ? await years.YearsOfAsync(PersonId, award.AwardedOn, award.ValidUntil is { } until && until < Today ? until : Today, ct)
                    : [];
                list.Add(new Currency(award, statuses));
            }
        }

        Accreditations = list;
        return Page();
    }
}
