namespace Accreditation.Portfolios.Contracts;

/// <summary>
/// Removes the evidence files of portfolios whose decision is final (the Marking module decides which: released, appeal
/// window over, the retention period run): the stored copies go, and each file's record keeps only that it existed.
/// </summary>
public interface IPortfolioFileRemoval
{
    /// <summary>Removes the files of these portfolios, except a portfolio with a submission being marked; returns how many files went.</summary>
    Task<int> RemoveFilesAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct);
}
