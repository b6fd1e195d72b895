namespace Accreditation.Frameworks.Contracts;

/// <summary>
/// The Frameworks module's public contract: published framework versions and their statements, read-only. Other
/// modules use this, never the module's tables; drafts are invisible here.
/// </summary>
public interface IFrameworkCatalog
{
    /// <summary>Frameworks with at least one published version, by name.</summary>
    Task<IReadOnlyList<FrameworkSummary>> ListAsync(CancellationToken ct = default);

    /// <summary>The current (highest-numbered published) version of a framework, or null.</summary>
    Task<PublishedVersion?> GetCurrentAsync(string key, CancellationToken ct = default);

    /// <summary>A published version by framework key and number, or null (drafts and unknown versions).</summary>
    Task<PublishedVersion?> GetVersionAsync(string key, int number, CancellationToken ct = default);

    /// <summary>A published version by id, or null.</summary>
    Task<PublishedVersion?> GetVersionAsync(Guid versionId, CancellationToken ct = default);

    /// <summary>The published versions of a framework, newest first; empty for an unknown key.</summary>
    Task<IReadOnlyList<PublishedVersionSummary>> ListVersionsAsync(string key, CancellationToken ct = default);

    /// <summary>A statement of a published version by id, or null.</summary>
    Task<PublishedStatement?> GetStatementAsync(Guid statementId, CancellationToken ct = default);
}

/// <summary>A framework and its current published version number.</summary>
public sealed record FrameworkSummary(string Key, string Name, string Description, int CurrentVersion, DateOnly CurrentPublishedOn);

/// <summary>A published version of a framework with its statements; <see cref="IsCurrent"/> when no later version is published.</summary>
public sealed record PublishedVersion(
    Guid Id,
    string Key,
    string Name,
    string Description,
    int Number,
    DateOnly PublishedOn,
    bool IsCurrent,
    int CurrentNumber,
    IReadOnlyList<PublishedStatement> Statements);

/// <summary>A published version's number and date.</summary>
public sealed record PublishedVersionSummary(Guid Id, int Number, DateOnly PublishedOn, int StatementCount);

/// <summary>One statement of a published version.</summary>
public sealed record PublishedStatement(Guid Id, Guid VersionId, int Number, string Title, string Description);
