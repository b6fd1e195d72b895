using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Submissions;

/// <summary>Builds <see cref="PortfolioDocument"/>s (the Portfolios module's contract for a whole portfolio) from its own data.</summary>
public static class PortfolioDocuments
{
    /// <summary>
    /// Builds the document from a loaded portfolio and its current endorsement. A blind document (a submission snapshot,
    /// read by assessors) leaves out who endorsed and what they wrote, and the names files had on the candidate's computer,
    /// which would name the candidate or their authority.
    /// </summary>
    public static PortfolioDocument From(LoadedPortfolio portfolio, Endorsement? endorsement, DateTimeOffset takenAt, bool blind = false)
    {
        var numbers = portfolio.Framework.Statements.ToDictionary(s => s.Id, s => s.Number);
        return new PortfolioDocument(
            PortfolioDocument.CurrentFormat,
            portfolio.Programme.Name,
            portfolio.Window.Name,
            new FrameworkReference(portfolio.Framework.Key, portfolio.Framework.Name, portfolio.Framework.Number, portfolio.Framework.Id),
            portfolio.Framework.Statements.Select(s => new StatementEntry(s.Id, s.Number, s.Title, s.Description)).ToList(),
            portfolio.Items.Select(i => new ItemEntry(
                i.Id,
                i.Kind,
                i.Title,
                i.Body,
                i.ObserverName,
                i.ObserverRole,
                i.File is null ? null : new FileEntry(i.File.Id, blind ? Path.GetFileName(FileEntry.PathFor(i.File.Id, i.File.ContentType)) : i.File.FileName, i.File.ContentType, i.File.Length, i.File.Sha256, FileEntry.PathFor(i.File.Id, i.File.ContentType)),
                i.Mappings
                    .Where(m => numbers.ContainsKey(m.StatementId))
                    .OrderBy(m => numbers[m.StatementId])
                    .Select(m => new MappingEntry(m.StatementId, numbers[m.StatementId], m.Rationale))
                    .ToList(),
                i.CreatedAt,
                i.UpdatedAt)).ToList(),
            endorsement is null ? null : blind
                ? new EndorsementEntry(endorsement.Status, null, endorsement.EndorserRole, null, null, endorsement.RespondedAt)
                : new EndorsementEntry(endorsement.Status, endorsement.EndorserName, endorsement.EndorserRole, endorsement.ReadinessStatement, endorsement.DeclineReasons, endorsement.RespondedAt),
            takenAt);
    }
}
