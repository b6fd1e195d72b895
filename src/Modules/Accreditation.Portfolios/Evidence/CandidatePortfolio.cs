using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Text;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Evidence;

/// <summary>How far a statement is evidenced.</summary>
public enum StatementState
{
    /// <summary>No evidence is mapped to it.</summary>
    NotStarted,

    /// <summary>Evidence is mapped but none is complete (no content yet, or no rationale).</summary>
    InProgress,

    /// <summary>At least one item with content is mapped with a rationale.</summary>
    Evidenced,
}

/// <summary>One evidence item mapped to a statement, with the mapping's rationale.</summary>
public sealed record MappedEvidence(EvidenceItem Item, EvidenceMapping Mapping);

/// <summary>A statement's row of the task list: its state, the words written for it and the evidence mapped to it.</summary>
public sealed record StatementProgress(PublishedStatement Statement, StatementState State, int Words, IReadOnlyList<MappedEvidence> Evidence);

/// <summary>A portfolio with everything its pages show: the enrolment, window, programme, framework statements and items.</summary>
public sealed class LoadedPortfolio(Enrolment enrolment, AssessmentWindow window, Programme programme, PublishedVersion framework, IReadOnlyList<EvidenceItem> items)
{
    /// <summary>The enrolment (the portfolio's id is its id).</summary>
    public Enrolment Enrolment { get; } = enrolment;

    /// <summary>The assessment window.</summary>
    public AssessmentWindow Window { get; } = window;

    /// <summary>The programme.</summary>
    public Programme Programme { get; } = programme;

    /// <summary>The framework version and its statements.</summary>
    public PublishedVersion Framework { get; } = framework;

    /// <summary>The evidence items with their mappings and files, oldest first.</summary>
    public IReadOnlyList<EvidenceItem> Items { get; } = items;

    /// <summary>The portfolio's address.</summary>
    public string Url => $"/portfolio/{Enrolment.Id}";

    /// <summary>The task list: every statement with its state, words and evidence.</summary>
    public IReadOnlyList<StatementProgress> Progress() =>
        Framework.Statements.Select(statement =>
        {
            var evidence = Items
                .SelectMany(i => i.Mappings.Where(m => m.StatementId == statement.Id).Select(m => new MappedEvidence(i, m)))
                .ToList();
            var state = evidence.Count == 0 ? StatementState.NotStarted
                : evidence.Any(e => HasContent(e.Item) && !string.IsNullOrWhiteSpace(e.Mapping.Rationale)) ? StatementState.Evidenced
                : StatementState.InProgress;
            var words = evidence.Sum(e => WordsOf(e.Item) + MarkdownText.WordCount(e.Mapping.Rationale));
            return new StatementProgress(statement, state, words, evidence);
        }).ToList();

    /// <summary>Whether an item has something in it: text for an account or observation, a file for a document.</summary>
    public static bool HasContent(EvidenceItem item) =>
        item.Kind == EvidenceKind.Document ? item.FileId is not null : MarkdownText.WordCount(item.Body) > 0;

    /// <summary>The words an item contributes (its text; a document's description).</summary>
    public static int WordsOf(EvidenceItem item) => MarkdownText.WordCount(item.Body);

    /// <summary>The statement with the given id, or null.</summary>
    public PublishedStatement? Statement(Guid id) => Framework.Statements.FirstOrDefault(s => s.Id == id);
}

/// <summary>
/// Loads portfolios. The candidate's pages go through <see cref="ForCandidateAsync"/>: anyone but the portfolio's own
/// candidate gets nothing (the page answers 404) and the refusal is audited.
/// </summary>
public sealed class CandidatePortfolio(AccreditationDbContext db, IFrameworkCatalog catalog, IAuditTrail audit)
{
    /// <summary>The portfolio if it belongs to the signed-in person, else null.</summary>
    public async Task<LoadedPortfolio?> ForCandidateAsync(Guid enrolmentId, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var enrolment = await db.Set<Enrolment>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == enrolmentId, ct);
        if (enrolment is null)
        {
            return null;
        }

        if (userId is null || enrolment.CandidateId != userId)
        {
            await audit.RecordAsync("portfolio.access-refused", "Portfolio", enrolmentId.ToString(), "not the portfolio's candidate", ct);
            return null;
        }

        return await LoadAsync(enrolment, ct);
    }

    /// <summary>The portfolio, without any access check (callers check: the endorser's link, export of one's own portfolio).</summary>
    public async Task<LoadedPortfolio?> LoadAsync(Guid enrolmentId, CancellationToken ct)
    {
        var enrolment = await db.Set<Enrolment>().AsNoTracking().SingleOrDefaultAsync(e => e.Id == enrolmentId, ct);
        return enrolment is null ? null : await LoadAsync(enrolment, ct);
    }

    private async Task<LoadedPortfolio?> LoadAsync(Enrolment enrolment, CancellationToken ct)
    {
        var window = await db.Set<AssessmentWindow>().AsNoTracking().Include(w => w.Programme).SingleAsync(w => w.Id == enrolment.WindowId, ct);
        var framework = await catalog.GetVersionAsync(window.Programme!.FrameworkVersionId, ct);
        if (framework is null)
        {
            return null;
        }

        var items = await db.Set<EvidenceItem>().AsNoTracking()
            .Where(i => i.EnrolmentId == enrolment.Id)
            .Include(i => i.Mappings)
            .Include(i => i.File)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .AsSplitQuery()
            .ToListAsync(ct);
        return new LoadedPortfolio(enrolment, window, window.Programme, framework, items);
    }
}
