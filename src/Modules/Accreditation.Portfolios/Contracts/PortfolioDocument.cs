using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accreditation.Portfolios.Contracts;

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
    public static string PathFor(Guid fileId, string contentType) => $"files/{fileId:N}{Extension(contentType)}";

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
