using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Privacy;

/// <summary>A likely identifier found in a portfolio, with where it is: the item, the part of it, and its statements.</summary>
public sealed record PrivacyFinding(EvidenceItem Item, string Place, IReadOnlyList<int> StatementNumbers, PrivacyMatch Match);

/// <summary>Scans every part of every item of a portfolio (text, rationales, observer details, file names and file text).</summary>
public static class PrivacyReview
{
    /// <summary>The findings, item by item.</summary>
    public static IReadOnlyList<PrivacyFinding> Scan(LoadedPortfolio portfolio)
    {
        var numbers = portfolio.Framework.Statements.ToDictionary(s => s.Id, s => s.Number);
        var findings = new List<PrivacyFinding>();
        foreach (var item in portfolio.Items)
        {
            var statements = item.Mappings.Where(m => numbers.ContainsKey(m.StatementId)).Select(m => numbers[m.StatementId]).Order().ToList();
            void Check(string place, string? text)
            {
                foreach (var match in PrivacyScanner.Scan(text))
                {
                    findings.Add(new PrivacyFinding(item, place, statements, match));
                }
            }

            Check("Title", item.Title);
            Check(item.Kind == EvidenceKind.Document ? "Description" : "Text", item.Body);
            Check("Colleague's name", item.ObserverName);
            Check("Colleague's role", item.ObserverRole);
            if (item.File is { } file)
            {
                Check("File name", file.FileName);
                Check("Text inside the file", file.ExtractedText);
            }

            foreach (var mapping in item.Mappings.Where(m => numbers.ContainsKey(m.StatementId)).OrderBy(m => numbers[m.StatementId]))
            {
                Check($"Rationale for statement {numbers[mapping.StatementId]}", mapping.Rationale);
            }
        }

        return findings;
    }
}
