namespace Accreditation.Portfolios.Contracts;

/// <summary>A programme as other modules see it.</summary>
/// <param name="Id">The programme's id.</param>
/// <param name="Name">Its name, e.g. "Practice leader accreditation".</param>
/// <param name="FrameworkKey">The framework key, e.g. "practice-leader".</param>
/// <param name="FrameworkVersionId">The published framework version candidates evidence.</param>
/// <param name="FrameworkVersionNumber">That version's number.</param>
/// <param name="AccreditationValidYears">How many years an accreditation stays valid; 0 when it does not lapse.</param>
/// <param name="RenewalRequiresCpd">Whether keeping it current needs each registration year's CPD.</param>
public sealed record ProgrammeSummary(Guid Id, string Name, string FrameworkKey, Guid FrameworkVersionId, int FrameworkVersionNumber, int AccreditationValidYears, bool RenewalRequiresCpd);

/// <summary>The Portfolios module's public contract for reading programmes (marking, certificates).</summary>
public interface IProgrammeDirectory
{
    /// <summary>A programme by id, or null.</summary>
    Task<ProgrammeSummary?> FindAsync(Guid id, CancellationToken ct = default);

    /// <summary>Every programme, by name.</summary>
    Task<IReadOnlyList<ProgrammeSummary>> ListAsync(CancellationToken ct = default);
}
