using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>One change to a portfolio since it was endorsed: what, where, and the text before and after when text changed.</summary>
/// <param name="Item">The item's title now (or when it was removed).</param>
/// <param name="What">What changed, in words, e.g. "Text changed" or "Now mapped to statement 3".</param>
/// <param name="Before">The text before, when text changed.</param>
/// <param name="After">The text after, when text changed.</param>
public sealed record ContentChange(string Item, string What, string? Before = null, string? After = null);

/// <summary>
/// What an endorser vouches for: every item's kind, title, text, colleague's details, file (by its SHA-256) and mappings
/// with their rationales, as canonical JSON, and its SHA-256. Timestamps and the order of saving are left out, so saving
/// without changing anything keeps the hash.
/// </summary>
public sealed record PortfolioContent(IReadOnlyList<PortfolioContent.Item> Items)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An item as endorsed.</summary>
    public sealed record Item(Guid Id, string Kind, string Title, string Body, string? ObserverName, string? ObserverRole, string? FileSha256, IReadOnlyList<Mapping> Mappings);

    /// <summary>A mapping as endorsed.</summary>
    public sealed record Mapping(int Statement, string Rationale);

    /// <summary>The content of a loaded portfolio.</summary>
    public static PortfolioContent Of(LoadedPortfolio portfolio)
    {
        var numbers = portfolio.Framework.Statements.ToDictionary(s => s.Id, s => s.Number);
        return new PortfolioContent(portfolio.Items
            .OrderBy(i => i.Id)
            .Select(i => new Item(
                i.Id,
                i.Kind.ToString(),
                i.Title,
                i.Body,
                i.ObserverName,
                i.ObserverRole,
                i.File?.Sha256,
                i.Mappings.Where(m => numbers.ContainsKey(m.StatementId)).Select(m => new Mapping(numbers[m.StatementId], m.Rationale)).OrderBy(m => m.Statement).ToList()))
            .ToList());
    }

    /// <summary>The canonical JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>SHA-256 of the canonical JSON's UTF-8 bytes (lowercase hex).</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>Reads JSON written by <see cref="ToJson"/>; an empty portfolio when there is none.</summary>
    public static PortfolioContent FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new PortfolioContent([]) : JsonSerializer.Deserialize<PortfolioContent>(json, Json) ?? new PortfolioContent([]);

    /// <summary>What changed from <paramref name="before"/> to this content, item by item.</summary>
    public IReadOnlyList<ContentChange> ChangesSince(PortfolioContent before)
    {
        var changes = new List<ContentChange>();
        var earlier = before.Items.ToDictionary(i => i.Id);
        foreach (var now in Items)
        {
            if (!earlier.Remove(now.Id, out var then))
            {
                changes.Add(new ContentChange(now.Title, "Added", null, now.Body));
                foreach (var mapping in now.Mappings)
                {
                    changes.Add(new ContentChange(now.Title, $"Mapped to statement {mapping.Statement}", null, mapping.Rationale));
                }

                continue;
            }

            if (then.Title != now.Title)
            {
                changes.Add(new ContentChange(now.Title, "Title changed", then.Title, now.Title));
            }

            if (then.Body != now.Body)
            {
                changes.Add(new ContentChange(now.Title, now.Kind == "Document" ? "Description changed" : "Text changed", then.Body, now.Body));
            }

            if (then.ObserverName != now.ObserverName || then.ObserverRole != now.ObserverRole)
            {
                changes.Add(new ContentChange(now.Title, "Colleague's details changed", $"{then.ObserverName}, {then.ObserverRole}", $"{now.ObserverName}, {now.ObserverRole}"));
            }

            if (then.FileSha256 != now.FileSha256)
            {
                changes.Add(new ContentChange(now.Title, "File replaced"));
            }

            var mappingsThen = then.Mappings.ToDictionary(m => m.Statement);
            foreach (var mapping in now.Mappings)
            {
                if (!mappingsThen.Remove(mapping.Statement, out var earlierMapping))
                {
                    changes.Add(new ContentChange(now.Title, $"Now mapped to statement {mapping.Statement}", null, mapping.Rationale));
                }
                else if (earlierMapping.Rationale != mapping.Rationale)
                {
                    changes.Add(new ContentChange(now.Title, $"Rationale for statement {mapping.Statement} changed", earlierMapping.Rationale, mapping.Rationale));
                }
            }

            foreach (var removed in mappingsThen.Values)
            {
                changes.Add(new ContentChange(now.Title, $"No longer mapped to statement {removed.Statement}", removed.Rationale));
            }
        }

        foreach (var removed in earlier.Values)
        {
            changes.Add(new ContentChange(removed.Title, "Removed", removed.Body));
        }

        return changes;
    }
}
