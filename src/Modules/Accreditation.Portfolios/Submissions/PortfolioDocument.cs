using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Submissions;

/// <summary>
/// A whole portfolio as data: the shape of a submission snapshot and of portfolio.json in an export. Plain records, so
/// it reads back without this service.
/// </summary>
public sealed record PortfolioDocument(
    int Format,
    string Programme,
    string Window,
    FrameworkReference Framework,
    IReadOnlyList<StatementEntry> Statements,
    IReadOnlyList<ItemEntry> Items,
    EndorsementEntry? Endorsement,
    DateTimeOffset TakenAt)
{
    /// <summary>The current format number.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The document as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    public static PortfolioDocument? FromJson(string json) => JsonSerializer.Deserialize<PortfolioDocument>(json, Json);

    /// <summary>
    /// Builds the document from a loaded portfolio and its current endorsement. A blind document (a submission snapshot,
    /// read by assessors) leaves out who endorsed and what they wrote, and the names files had on the candidate's computer,
    /// which would name the candidate or their authority.
    /// </summary>
    public static PortfolioDocument From(LoadedPortfolio portfolio, Endorsement? endorsement, DateTimeOffset takenAt, bool blind = false)
    {
        var numbers = portfolio.Framework.Statements.ToDictionary(s => s.Id, s => s.Number);
        return new PortfolioDocument(
            CurrentFormat,
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
                i.File is null ? null : new FileEntry(i.File.Id, blind ? Path.GetFileName(FileEntry.PathFor(i.File)) : i.File.FileName, i.File.ContentType, i.File.Length, i.File.Sha256, FileEntry.PathFor(i.File)),
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

/// <summary>The framework version a portfolio is evidenced against.</summary>
public sealed record FrameworkReference(string Key, string Name, int Version, Guid VersionId);

/// <summary>A statement of the framework.</summary>
public sealed record StatementEntry(Guid Id, int Number, string Title, string Description);

/// <summary>An evidence item with its mappings.</summary>
public sealed record ItemEntry(
    Guid Id,
    EvidenceKind Kind,
    string Title,
    string Body,
    string? ObserverName,
    string? ObserverRole,
    FileEntry? File,
    IReadOnlyList<MappingEntry> Mappings,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A stored file: its name, type, size, SHA-256 and its path inside an export.</summary>
public sealed record FileEntry(Guid Id, string FileName, string ContentType, long Length, string Sha256, string Path)
{
    /// <summary>"files/{id}.{ext}": the file's path inside an export (never the uploader's name).</summary>
    public static string PathFor(PortfolioFile file) => $"files/{file.Id:N}{Extension(file.ContentType)}";

    private static string Extension(string contentType) => contentType switch
    {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        _ => ".docx",
    };
}

/// <summary>An item mapped to a statement, with the rationale.</summary>
public sealed record MappingEntry(Guid StatementId, int StatementNumber, string Rationale);

/// <summary>The endorsement at the time (without the endorser's name and words in a blind snapshot).</summary>
public sealed record EndorsementEntry(EndorsementStatus Status, string? EndorserName, string EndorserRole, string? ReadinessStatement, string? DeclineReasons, DateTimeOffset? RespondedAt);
