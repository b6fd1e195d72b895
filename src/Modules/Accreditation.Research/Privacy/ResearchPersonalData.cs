using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Research.Library;
using Accreditation.Research.SavedSearches;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Research.Privacy;

/// <summary>
/// The library's personal data is people's saved searches (and the record of which items their weekly email sent).
/// The library itself and its Lucene index hold published research only: the authors they name are researchers, not
/// people of the service, and no search or reader is recorded in the index.
/// </summary>
public sealed class ResearchPersonalData(AccreditationDbContext db) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .NoPersonalData<ResearchItem>("Published research; the authors named are researchers, not people of the service")
        .NoPersonalData<ResearchTopic>("The library's topics")
        .NoPersonalData<EvidenceLevel>("The library's levels of evidence")
        .NoPersonalData<GlossaryEntry>("The search glossary")
        .NoPersonalData<IndexTask>("The index's change feed (library item ids)")
        .Entity<SavedSearch>(ErasureTreatment.Deleted, "A person's saved searches and weekly alerts", s => s.UserId, s => s.Name, s => s.Query)
        .NoPersonalData<SavedSearchAlertItem>("Which library items a saved search's email sent (deleted with the search)")
        .StoreWithoutPersonalData(DataStoreKind.SearchIndex, "index", "The Lucene index of the library: published items only, no searches or readers")
        .StoreWithoutPersonalData(DataStoreKind.Files, "imports", "Library import files between preview and import (removed after a day)");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct) =>
        export.Add("savedSearches", await db.Set<SavedSearch>().AsNoTracking().Where(s => s.UserId == subject.UserId).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Name, Search = s.Query, s.WeeklyAlert, Saved = s.CreatedAt, LastAlert = s.LastAlertAt }).ToListAsync(ct));

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct) =>
        plan.Delete("saved searches and their weekly emails", await db.Set<SavedSearch>().CountAsync(s => s.UserId == subject.UserId, ct));

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var searches = db.Set<SavedSearch>().Where(s => s.UserId == subject.UserId);
        await db.Set<SavedSearchAlertItem>().Where(a => searches.Any(s => s.Id == a.SavedSearchId)).ExecuteDeleteAsync(ct);
        run.Record("Saved searches deleted", await searches.ExecuteDeleteAsync(ct));
    }
}
