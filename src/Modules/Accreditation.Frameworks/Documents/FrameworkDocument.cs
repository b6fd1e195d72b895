using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accreditation.Frameworks.Documents;

/// <summary>
/// One framework version as JSON: the shape of an export, of an import file and of each entry of the recipe's
/// "frameworks" step. A null <see cref="Published"/> date means a draft.
/// </summary>
public sealed record FrameworkDocument(
    string Key,
    string Name,
    int Version,
    IReadOnlyList<StatementDocument> Statements,
    string Description = "",
    DateOnly? Published = null)
{
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // People read and edit exports, so apostrophes and accents stay as written. The file is only ever sent as an
        // application/json attachment with nosniff, never embedded in a page, so HTML-sensitive escaping buys nothing.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document as indented JSON (what an export downloads).</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(
        new ExportShape(Key, Name, Description, Version, Published, Statements), Output);

    // Fixes the member order of exports: who, which version, then the statements.
    private sealed record ExportShape(string Key, string Name, string Description, int Version, DateOnly? Published, IReadOnlyList<StatementDocument> Statements);
}

/// <summary>One statement of a <see cref="FrameworkDocument"/>.</summary>
public sealed record StatementDocument(int Number, string Title, string Description);

/// <summary>A problem found in a framework document: where (JSON path) and what.</summary>
public sealed record DocumentError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
