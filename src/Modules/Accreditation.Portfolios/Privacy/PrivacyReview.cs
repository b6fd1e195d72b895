using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Privacy;

/// <summary>A likely identifier found in a portfolio, with where it is: the item, the part of it, and its statements.</summary>
public sealed record PrivacyFinding(EvidenceItem Item, string Place, IReadOnlyList<int> StatementNumbers, PrivacyMatch Match);

/// <summary>Scans every part of every item of a portfolio (text, rationales, observer details, file names and file text).</summary>
public static class PrivacyReview
{
    /// <summary>The findings, item by item; with a cache, items whose text has not changed since it last saw them are not scanned again.</summary>
    public static IReadOnlyList<PrivacyFinding> Scan(LoadedPortfolio portfolio, PrivacyScanCache? cache = null) =>
        Scan(portfolio.Items, portfolio.Framework.Statements.ToDictionary(s => s.Id, s => s.Number), cache);

    /// <summary>The findings of these items, item by item, given the framework's statement numbers by statement id.</summary>
    public static IReadOnlyList<PrivacyFinding> Scan(IReadOnlyList<EvidenceItem> items, IReadOnlyDictionary<Guid, int> numbers, PrivacyScanCache? cache = null)
    {
        var findings = new List<PrivacyFinding>();
        foreach (var item in items)
        {
            var statements = item.Mappings.Where(m => numbers.ContainsKey(m.StatementId)).Select(m => numbers[m.StatementId]).Order().ToList();
            var parts = PartsOf(item, numbers);
            foreach (var (place, match) in cache is null ? PrivacyScanCache.Scan(parts) : cache.FindingsOf(item.Id, parts))
            {
                findings.Add(new PrivacyFinding(item, place, statements, match));
            }
        }

        return findings;
    }

    /// <summary>Every part of an item that is scanned, with the place a finding in it is shown as, in the order shown.</summary>
    private static List<(string Place, string? Text)> PartsOf(EvidenceItem item, IReadOnlyDictionary<Guid, int> numbers)
    {
        var parts = new List<(string Place, string? Text)>
        {
            ("Title", item.Title),
            (item.Kind == EvidenceKind.Document ? "Description" : "Text", item.Body),
            ("Colleague's name", item.ObserverName),
            ("Colleague's role", item.ObserverRole),
        };
        if (item.File is { } file)
        {
            parts.Add(("File name", file.FileName));
            parts.Add(("Text inside the file", file.ExtractedText));
        }

        foreach (var mapping in item.Mappings.Where(m => numbers.ContainsKey(m.StatementId)).OrderBy(m => numbers[m.StatementId]))
        {
            parts.Add(($"Rationale for statement {numbers[mapping.StatementId]}", mapping.Rationale));
        }

        return parts;
    }
}
