using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Accreditation.Frameworks.Documents;

/// <summary>The outcome of reading an uploaded framework file: the document, or every problem found with its JSON path.</summary>
public sealed record FrameworkDocumentResult(FrameworkDocument? Document, IReadOnlyList<DocumentError> Errors)
{
    /// <summary>Whether the file held an acceptable document.</summary>
    public bool Succeeded => Document is not null && Errors.Count == 0;
}

/// <summary>
/// Reads a framework version from an uploaded file by its content, never its name: UTF-8 text, then JSON, then the
/// members and their types, then <see cref="FrameworkDocumentRules"/>. Messages are written for the admin who uploaded it.
/// </summary>
public static class FrameworkDocumentReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Members = ["key", "name", "description", "version", "published", "statements"];
    private static readonly string[] StatementMembers = ["number", "title", "description"];

    /// <summary>Reads the bytes of an uploaded file.</summary>
    public static FrameworkDocumentResult Read(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Fail("$", "The selected file is not a JSON file: it is not text. Upload a framework version exported from this service.");
        }

        return Read(text);
    }

    /// <summary>Reads JSON text.</summary>
    public static FrameworkDocumentResult Read(string text)
    {
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("$", "The selected file is empty.");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, character {(ex.BytePositionInLine ?? 0) + 1})" : "";
            return Fail("$", $"The selected file is not valid JSON{where}.");
        }

        using (json)
        {
            var errors = new List<DocumentError>();
            var document = Bind(json.RootElement, errors);
            if (document is not null)
            {
                FrameworkDocumentRules.Check(document, "$", (path, message) => errors.Add(new DocumentError(path, message)));
            }

            return new FrameworkDocumentResult(errors.Count == 0 ? document : null, errors);
        }
    }

    private static FrameworkDocument? Bind(JsonElement root, List<DocumentError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new DocumentError("$", "The file must hold one framework version: a JSON object with key, name, version and statements."));
            return null;
        }

        var members = Collect(root, "$", Members, "a framework version has key, name, description, version, published and statements", errors);
        var key = String(members, "key", "$", required: true, errors);
        var name = String(members, "name", "$", required: true, errors);
        var description = String(members, "description", "$", required: false, errors) ?? "";
        var version = Integer(members, "version", "$", errors);
        var published = Date(members, "published", "$", errors);
        var statements = new List<StatementDocument>();
        if (!members.TryGetValue("statements", out var list))
        {
            errors.Add(new DocumentError("$.statements", "The statements are missing: add a list of statements."));
        }
        else if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new DocumentError("$.statements", "The statements must be a list ([...])."));
        }
        else
        {
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var path = $"$.statements[{i++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new DocumentError(path, "Each statement must be an object with number, title and description."));
                    continue;
                }

                var fields = Collect(item, path, StatementMembers, "a statement has number, title and description", errors);
                var number = Integer(fields, "number", path, errors);
                var title = String(fields, "title", path, required: true, errors);
                var text = String(fields, "description", path, required: true, errors);
                if (number is not null && title is not null && text is not null)
                {
                    statements.Add(new StatementDocument(number.Value, title, text));
                }
            }
        }

        return errors.Count == 0
            ? new FrameworkDocument(key!, name!, version!.Value, statements, description, published)
            : null;
    }

    private static Dictionary<string, JsonElement> Collect(JsonElement obj, string path, string[] known, string shape, List<DocumentError> errors)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new DocumentError($"{path}.{property.Name}", $"Unknown member '{property.Name}': {shape}."));
            }
            else if (!members.TryAdd(property.Name, property.Value))
            {
                errors.Add(new DocumentError($"{path}.{property.Name}", $"'{property.Name}' appears more than once."));
            }
        }

        return members;
    }

    private static string? String(Dictionary<string, JsonElement> members, string name, string path, bool required, List<DocumentError> errors)
    {
        if (!members.TryGetValue(name, out var value) || (!required && value.ValueKind == JsonValueKind.Null))
        {
            if (required)
            {
                errors.Add(new DocumentError($"{path}.{name}", $"The {name} is missing."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new DocumentError($"{path}.{name}", $"The {name} must be text in quotes, not {Describe(value)}."));
            return null;
        }

        return value.GetString();
    }

    private static int? Integer(Dictionary<string, JsonElement> members, string name, string path, List<DocumentError> errors)
    {
        if (!members.TryGetValue(name, out var value))
        {
            errors.Add(new DocumentError($"{path}.{name}", $"The {name} is missing."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            errors.Add(new DocumentError($"{path}.{name}", $"The {name} must be a whole number, not {Describe(value)}."));
            return null;
        }

        return number;
    }

    private static DateOnly? Date(Dictionary<string, JsonElement> members, string name, string path, List<DocumentError> errors)
    {
        if (!members.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String &&
            DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new DocumentError($"{path}.{name}", $"The {name} date must be written as \"YYYY-MM-DD\", or null for a draft, not {Describe(value)}."));
        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number" + (value.TryGetInt32(out _) ? "" : " with a fraction or out of range"),
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static FrameworkDocumentResult Fail(string path, string message) => new(null, [new DocumentError(path, message)]);
}
