using System.IO.Compression;
using System.Net;
using System.Text;
using Accreditation.Core.Dates;
using Accreditation.Core.Text;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;

namespace Accreditation.Portfolios.Export;

/// <summary>
/// The whole portfolio as a ZIP the candidate keeps: index.html (opens offline, styles inline, links to the files beside
/// it), portfolio.json (the same data, in the shape of a submission snapshot) and the stored files under files/. A
/// portfolio must outlive the platform, so nothing in it needs this service to be read.
/// </summary>
public sealed class PortfolioExport(PortfolioFileStore files)
{
    /// <summary>Writes the ZIP to <paramref name="output"/>.</summary>
    public async Task WriteAsync(PortfolioDocument document, string candidateName, Stream output, CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await WriteTextAsync(zip, "portfolio.json", document.ToJson(), ct);
        await WriteTextAsync(zip, "index.html", Html(document, candidateName), ct);
        foreach (var file in document.Items.Where(i => i.File is not null).Select(i => i.File!).DistinctBy(f => f.Id))
        {
            await using var source = files.Open(file.Id);
            if (source is null)
            {
                continue;
            }

            var entry = zip.CreateEntry(file.Path, CompressionLevel.Optimal);
            await using var target = entry.Open();
            await source.CopyToAsync(target, ct);
        }
    }

    /// <summary>A file name for the download, e.g. "portfolio-practice-leader-accreditation-2026-11-02.zip".</summary>
    public static string FileNameFor(PortfolioDocument document)
    {
        var slug = new string(document.Programme.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return $"portfolio-{slug}-{UkCalendar.Local(document.TakenAt):yyyy-MM-dd}.zip";
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct);
    }

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The offline index page.</summary>
    internal static string Html(PortfolioDocument document, string candidateName)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E($"Portfolio: {document.Programme}")).Append("</title>\n");
        html.Append("<style>body{font-family:arial,sans-serif;max-width:960px;margin:0 auto;padding:20px;color:#0b0c0c;line-height:1.5}")
            .Append("h1,h2,h3{line-height:1.2}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;text-align:left;padding:8px;vertical-align:top}")
            .Append(".meta{color:#505a5f}.item{border-top:2px solid #1d70b8;margin-top:30px;padding-top:10px}p.body{white-space:pre-wrap}a{color:#1d70b8}</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(document.Programme)).Append(": evidence portfolio</h1>\n");
        html.Append("<p class=\"meta\">").Append(E(candidateName)).Append(" · ").Append(E(document.Window)).Append(" · ")
            .Append(E($"{document.Framework.Name}, version {document.Framework.Version}")).Append(" · exported ").Append(E(UkCalendar.Format(document.TakenAt))).Append("</p>\n");

        html.Append("<h2>Statements and the evidence mapped to them</h2>\n<table>\n<thead><tr><th scope=\"col\">Statement</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n");
        foreach (var statement in document.Statements)
        {
            var mapped = document.Items.Where(i => i.Mappings.Any(m => m.StatementId == statement.Id)).ToList();
            html.Append("<tr><td>").Append(statement.Number).Append(". ").Append(E(statement.Title)).Append("</td><td>");
            html.Append(mapped.Count == 0 ? "None" : string.Join("<br>", mapped.Select(i => $"<a href=\"#item-{i.Id:N}\">{E(i.Title)}</a>")));
            html.Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");

        if (document.Endorsement is { } endorsement)
        {
            html.Append("<h2>Endorsement</h2>\n<p>").Append(E($"{endorsement.Status} by {endorsement.EndorserName ?? "your endorser"} ({endorsement.EndorserRole})")).Append("</p>\n");
            if (!string.IsNullOrWhiteSpace(endorsement.ReadinessStatement))
            {
                html.Append("<p class=\"body\">").Append(E(endorsement.ReadinessStatement)).Append("</p>\n");
            }
        }

        html.Append("<h2>Evidence items (").Append(document.Items.Count).Append(")</h2>\n");
        foreach (var item in document.Items)
        {
            html.Append("<section class=\"item\" id=\"item-").Append(item.Id.ToString("N")).Append("\">\n<h3>").Append(E(item.Title)).Append("</h3>\n");
            html.Append("<p class=\"meta\">").Append(E(KindName(item.Kind))).Append(" · last changed ").Append(E(UkCalendar.Format(item.UpdatedAt))).Append("</p>\n");
            if (item.ObserverName is not null)
            {
                html.Append("<p>Colleague: ").Append(E(item.ObserverName)).Append(item.ObserverRole is null ? "" : ", " + E(item.ObserverRole)).Append("</p>\n");
            }

            if (item.File is { } file)
            {
                html.Append("<p>File: <a href=\"").Append(E(file.Path)).Append("\">").Append(E(file.FileName)).Append("</a> (")
                    .Append(file.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" bytes, SHA-256 <code>").Append(file.Sha256).Append("</code>)</p>\n");
            }

            if (!string.IsNullOrWhiteSpace(item.Body))
            {
                // The same safe rendering as on the site: Markdown with raw HTML disabled, then sanitised.
                html.Append("<div class=\"body\">").Append(MarkdownText.ToHtml(item.Body)).Append("</div>\n");
            }

            html.Append("<h4>Mapped to</h4>\n<ul>\n");
            foreach (var mapping in item.Mappings)
            {
                var statement = document.Statements.FirstOrDefault(s => s.Id == mapping.StatementId);
                html.Append("<li><strong>").Append(mapping.StatementNumber).Append(". ").Append(E(statement?.Title)).Append("</strong>: ").Append(E(mapping.Rationale)).Append("</li>\n");
            }

            html.Append("</ul>\n</section>\n");
        }

        html.Append("<p class=\"meta\">portfolio.json beside this page holds the same information as data.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>How a kind is named to people.</summary>
    public static string KindName(EvidenceKind kind) => kind switch
    {
        EvidenceKind.ReflectiveAccount => "Reflective account",
        EvidenceKind.Document => "Document",
        _ => "Record of observation or feedback",
    };
}
