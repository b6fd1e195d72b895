using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;

namespace Accreditation.Cpd.Pages.Cpd;

/// <summary>One registration year as the CPD pages show it: its records and how they stand against the requirement.</summary>
/// <param name="Year">The year.</param>
/// <param name="Records">Its completed records, newest first.</param>
/// <param name="IsCurrent">Whether it is the year today falls in.</param>
public sealed record YearView(RegistrationYear Year, IReadOnlyList<CpdRecord> Records, bool IsCurrent)
{
    /// <summary>The requirement check.</summary>
    public RequirementCheck Check { get; } = CpdRequirement.Check(Records.Count, Records.Count(r => r.HasPeerReflection));

    /// <summary>Hours recorded.</summary>
    public decimal Hours => Math.Round(Records.Sum(r => r.Minutes) / 60m, 2);
}
