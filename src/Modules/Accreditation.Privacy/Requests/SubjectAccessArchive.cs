using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Accreditation.Core.Dates;
using Accreditation.Core.Privacy;

namespace Accreditation.Privacy.Requests;

/// <summary>What a written copy holds, in brief (kept with the request).</summary>
public sealed record ArchiveSummary(IReadOnlyList<string> Documents, int Files, int MissingFiles);

/// <summary>
/// Writes a subject access copy as one ZIP: index.html (plain HTML with its styles in the file, readable offline with
/// nothing from this service), one JSON document per module, and the person's files under files/. Everything shown in
/// the page is HTML-encoded.
/// </summary>
public static class SubjectAccessArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The short name of a module's document and folder: "Accreditation.Portfolios" becomes "portfolios".</summary>
    public static string ShortName(string moduleId) => moduleId[(moduleId.LastIndexOf('.') + 1)..].ToLowerInvariant();

    /// <summary>Writes the ZIP.</summary>
    public static async Task<ArchiveSummary> WriteAsync(PersonalDataExport export, DataSubject subject, DateTimeOffset madeAt, Stream output, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var documents = new List<(ModuleExport Module, string Name, JsonNode? Data, List<(ExportFile File, string Path, bool Present)> Files)>();
        var missing = 0;
        foreach (var module in export.Modules)
        {
            var name = ShortName(module.ModuleId);
            var data = JsonSerializer.SerializeToNode(module.Sections, Json);
            await WriteTextAsync(zip, name + ".json", data?.ToJsonString(Json) ?? "{}", ct);
            var files = new List<(ExportFile, string, bool)>();
            foreach (var file in module.Files)
            {
                var path = $"files/{name}/{file.Path}";
                await using var source = file.Open();
                if (source is null)
                {
                    missing++;
                    files.Add((file, path, false));
                    continue;
                }

                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                await using (var target = entry.Open())
                {
                    await source.CopyToAsync(target, ct);
                }

                files.Add((file, path, true));
            }

            documents.Add((module, name, data, files));
        }

        await WriteTextAsync(zip, "index.html", Html(subject, madeAt, documents.Select(d => (d.Module.ModuleName, d.Name, d.Data, (IReadOnlyList<(ExportFile, string, bool)>)d.Files)).ToList()), ct);
        return new ArchiveSummary(documents.Select(d => d.Name + ".json").ToList(), documents.Sum(d => d.Files.Count(f => f.Present)), missing);
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The offline page: what is in the copy, then each module's data as headings, tables and lists.</summary>
    internal static string Html(DataSubject subject, DateTimeOffset madeAt, IReadOnlyList<(string ModuleName, string Name, JsonNode? Data, IReadOnlyList<(ExportFile File, string Path, bool Present)> Files)> documents)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Your personal data</title>\n");
        html.Append("<style>body{font-family:arial,sans-serif;max-width:960px;margin:0 auto;padding:20px;color:#0b0c0c;line-height:1.5}")
            .Append("h1,h2,h3,h4{line-height:1.2}table{border-collapse:collapse;width:100%;margin-bottom:20px}th,td{border-bottom:1px solid #b1b4b6;text-align:left;padding:6px 8px;vertical-align:top}")
            .Append("dl{display:grid;grid-template-columns:minmax(120px,30%) 1fr;gap:4px 16px;margin:0 0 16px}dt{font-weight:bold}dd{margin:0;white-space:pre-wrap}")
            .Append("td{white-space:pre-wrap}.meta{color:#505a5f}section{border-top:2px solid #1d70b8;margin-top:30px}a{color:#1d70b8}</style>\n</head>\n<body>\n");
        html.Append("<h1>Your personal data</h1>\n");
        html.Append("<p class=\"meta\">Everything the practice leader accreditation service holds about ").Append(E(subject.DisplayName is { Length: > 0 } n ? n : subject.Email))
            .Append(", prepared on ").Append(E(UkCalendar.Format(madeAt))).Append(".</p>\n");
        html.Append("<p>Each part below is also in this folder as data (JSON) you can open with other software; your files are in the <code>files</code> folder.</p>\n<ul>\n");
        foreach (var document in documents)
        {
            html.Append("<li><a href=\"#").Append(E(document.Name)).Append("\">").Append(E(document.ModuleName)).Append("</a> (<a href=\"").Append(E(document.Name)).Append(".json\">")
                .Append(E(document.Name)).Append(".json</a>)</li>\n");
        }

        html.Append("</ul>\n");
        foreach (var document in documents)
        {
            html.Append("<section id=\"").Append(E(document.Name)).Append("\">\n<h2>").Append(E(document.ModuleName)).Append("</h2>\n");
            if (document.Data is JsonObject sections)
            {
                foreach (var (key, value) in sections)
                {
                    html.Append("<h3>").Append(E(Label(key))).Append("</h3>\n");
                    Render(html, value, 0);
                }
            }

            if (document.Files.Count > 0)
            {
                html.Append("<h3>Files</h3>\n<ul>\n");
                foreach (var (file, path, present) in document.Files)
                {
                    html.Append(present
                        ? $"<li><a href=\"{E(path)}\">{E(file.Description)}</a></li>\n"
                        : $"<li>{E(file.Description)}: the stored file could not be found</li>\n");
                }

                html.Append("</ul>\n");
            }

            html.Append("</section>\n");
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Renders a value: an object as a list of labels and values, a list of like objects as a table, anything else as text.</summary>
    private static void Render(StringBuilder html, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                html.Append("<p class=\"meta\">None</p>\n");
                break;
            case JsonObject item:
                html.Append("<dl>\n");
                foreach (var (key, value) in item)
                {
                    html.Append("<dt>").Append(E(Label(key))).Append("</dt><dd>");
                    RenderInline(html, value, depth + 1);
                    html.Append("</dd>\n");
                }

                html.Append("</dl>\n");
                break;
            case JsonArray list when list.Count == 0:
                html.Append("<p class=\"meta\">None</p>\n");
                break;
            case JsonArray list when list.All(x => x is JsonObject o && o.All(p => p.Value is not (JsonObject or JsonArray))):
                var columns = list.Cast<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
                html.Append("<table>\n<thead><tr>");
                foreach (var column in columns)
                {
                    html.Append("<th scope=\"col\">").Append(E(Label(column))).Append("</th>");
                }

                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var row in list.Cast<JsonObject>())
                {
                    html.Append("<tr>");
                    foreach (var column in columns)
                    {
                        html.Append("<td>").Append(E(Text(row[column]))).Append("</td>");
                    }

                    html.Append("</tr>\n");
                }

                html.Append("</tbody>\n</table>\n");
                break;
            case JsonArray list:
                var number = 0;
                foreach (var entry in list)
                {
                    number++;
                    html.Append(depth < 3 ? "<h4>" : "<p><strong>").Append(number.ToString(CultureInfo.InvariantCulture)).Append(depth < 3 ? "</h4>\n" : "</strong></p>\n");
                    Render(html, entry, depth + 1);
                }

                break;
            default:
                html.Append("<p>").Append(E(Text(node))).Append("</p>\n");
                break;
        }
    }

    private static void RenderInline(StringBuilder html, JsonNode? node, int depth)
    {
        if (node is JsonObject or JsonArray)
        {
            Render(html, node, depth);
        }
        else
        {
            html.Append(E(Text(node)));
        }
    }

    /// <summary>A plain value as people read it: instants as UK local time, true and false as Yes and No.</summary>
    private static string Text(JsonNode? node)
    {
        if (node is null)
        {
            return "";
        }

        if (node is JsonValue value)
        {
            if (value.TryGetValue<bool>(out var flag))
            {
                return flag ? "Yes" : "No";
            }

            if (value.TryGetValue<string>(out var text))
            {
                return text.Length >= 20 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) && text[10] == 'T'
                    ? UkCalendar.Format(instant)
                    : text;
            }
        }

        return node.ToJsonString();
    }

    /// <summary>"reasonableAdjustments" becomes "Reasonable adjustments".</summary>
    private static string Label(string key)
    {
        var label = new StringBuilder(key.Length + 8);
        foreach (var c in key)
        {
            if (char.IsUpper(c) && label.Length > 0)
            {
                label.Append(' ').Append(char.ToLowerInvariant(c));
            }
            else
            {
                label.Append(label.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return label.ToString();
    }
}
