namespace Accreditation.Core.Contracts;

/// <summary>Whether a person met the CPD requirement of one registration year (1 December to 30 November).</summary>
/// <param name="Label">The year as people name it, e.g. "2025-26" (1 December 2025 to 30 November 2026).</param>
/// <param name="Starts">1 December.</param>
/// <param name="Ends">30 November.</param>
/// <param name="Records">How many CPD records the year holds.</param>
/// <param name="WithPeerReflection">How many of them include a peer reflection.</param>
/// <param name="Met">Whether the year's requirement is met.</param>
public sealed record CpdYearStatus(string Label, DateOnly Starts, DateOnly Ends, int Records, int WithPeerReflection, bool Met);

/// <summary>People's CPD by registration year; the CPD module registers the implementation.</summary>
public interface ICpdYears
{
    /// <summary>The person's status for every registration year that overlaps the given UK dates, oldest first.</summary>
    Task<IReadOnlyList<CpdYearStatus>> YearsOfAsync(string personId, DateOnly from, DateOnly to, CancellationToken ct = default);
}

/// <summary>What another module knows about something worth recording as CPD (e.g. a research library item).</summary>
/// <param name="Title">The title to pre-fill.</param>
/// <param name="Link">A link to the thing (absolute URL or site path), or null.</param>
/// <param name="StatementCodes">KSS statement codes it is tagged with, e.g. "PL3".</param>
/// <param name="SourceKind">What kind of thing it is, e.g. "research".</param>
/// <param name="SourceId">Its id in the other module.</param>
/// <param name="Summary">A short description to pre-fill "what it was", or null.</param>
public sealed record CpdDraftSource(string Title, string? Link, IReadOnlyList<string> StatementCodes, string SourceKind, string SourceId, string? Summary);

/// <summary>Creates draft CPD records from other modules ("Record as CPD"); the CPD module registers the implementation.</summary>
public interface ICpdDrafts
{
    /// <summary>Creates a draft record for the person, pre-filled from the source, and returns the site path of the page that
    /// asks them for what they learned and the impact (e.g. "/cpd/records/{id}/edit").</summary>
    Task<string> CreateDraftAsync(string personId, CpdDraftSource source, CancellationToken ct = default);
}

/// <summary>A practitioner's CPD over the current CPD year, as the API reports it.</summary>
/// <param name="Year">The CPD year, e.g. "2026-27"; null when nothing is recorded.</param>
/// <param name="Records">How many CPD records the year holds.</param>
/// <param name="Hours">Hours recorded.</param>
/// <param name="LastRecordedOn">When the latest record was made.</param>
public sealed record CpdSummary(string? Year, int Records, decimal Hours, DateOnly? LastRecordedOn)
{
    /// <summary>Nothing recorded.</summary>
    public static readonly CpdSummary Empty = new(null, 0, 0m, null);
}

/// <summary>Where CPD summaries come from; the CPD module registers one.</summary>
public interface ICpdSummarySource
{
    /// <summary>The summary of each of the given people (user ids); people with none may be left out.</summary>
    Task<IReadOnlyDictionary<string, CpdSummary>> SummaryOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct);
}
