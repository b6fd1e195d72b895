using Accreditation.Core.Text;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;

namespace Accreditation.Cpd.Export;

/// <summary>One record as exported, with the headings of Social Work England's online account.</summary>
public sealed record ExportedRecord(
    string Date,
    string ActivityType,
    string Title,
    decimal Hours,
    string WhatItWasAndWhyRelevant,
    string WhatILearned,
    string ImpactOnPracticeAndPeople,
    string? PeerName,
    string? PeerRole,
    string? PeerDate,
    string? WhatILearnedFromThePeer,
    IReadOnlyList<string> Statements,
    string? Link);

/// <summary>A year's records as exported.</summary>
public sealed record ExportedYear(string Year, string Starts, string Ends, bool RequirementMet, IReadOnlyList<ExportedRecord> Records);

/// <summary>A person's CPD as CSV, JSON and a ZIP of every year, laid out to copy into the regulator's online account.</summary>
public static class CpdExport
{
    /// <summary>The CSV header row, in the order of the regulator's form.</summary>
    public static readonly IReadOnlyList<string> Headings =
    [
        "Date", "Type of activity", "Title", "Time spent (hours)", "What was it and why was it relevant", "What did you learn",
        "Impact on your practice and the people you work with", "Peer's name", "Peer's role", "Date of the peer discussion",
        "What did you learn from the discussion", "Knowledge and skills statements", "Link",
    ];

    /// <summary>JSON as exported: camelCase, indented, readable non-ASCII.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A type of activity in plain words.</summary>
    public static string NameOf(CpdActivityType type) => type switch
    {
        CpdActivityType.Reading => "Reading",
        CpdActivityType.Course => "Course or training",
        CpdActivityType.Supervision => "Supervision",
        CpdActivityType.PeerDiscussion => "Peer discussion",
        CpdActivityType.Research => "Research",
        CpdActivityType.PracticeObservation => "Practice observation",
        _ => "Other",
    };

    /// <summary>The exported form of a year.</summary>
    public static ExportedYear Year(RegistrationYear year, IReadOnlyList<CpdRecord> records)
    {
        var peer = records.Count(r => r.HasPeerReflection);
        return new ExportedYear(year.Label, Iso(year.Starts), Iso(year.Ends), CpdRequirement.Check(records.Count, peer).Met,
            records.OrderBy(r => r.Date).ThenBy(r => r.CreatedAt).Select(r => new ExportedRecord(
                Iso(r.Date), NameOf(r.ActivityType), r.Title, r.Hours, r.Description, r.Learning, r.Impact,
                r.PeerName, r.PeerRole, r.PeerDate is { } d ? Iso(d) : null, r.PeerLearning,
                r.Statements.Select(s => s.Label).OrderBy(s => s, StringComparer.Ordinal).ToList(), r.Link)).ToList());
    }

    /// <summary>The year as JSON.</summary>
    public static string ToJson(ExportedYear year) => JsonSerializer.Serialize(year, Json);

    /// <summary>The year as CSV (RFC 4180, UTF-8 with a byte-order mark for spreadsheets, CRLF line ends).</summary>
    public static string ToCsv(ExportedYear year)
    {
        var rows = year.Records.Select(r => new[]
        {
            r.Date, r.ActivityType, r.Title, r.Hours.ToString("0.##", CultureInfo.InvariantCulture), r.WhatItWasAndWhyRelevant, r.WhatILearned,
            r.ImpactOnPracticeAndPeople, r.PeerName ?? "", r.PeerRole ?? "", r.PeerDate ?? "", r.WhatILearnedFromThePeer ?? "",
            string.Join("; ", r.Statements), r.Link ?? "",
        });
        return CsvTable.Write(rows.Prepend(Headings.ToArray()));
    }

    /// <summary>Every year as one ZIP: a CSV and a JSON file per year.</summary>
    public static void WriteZip(IEnumerable<ExportedYear> years, Stream output)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var year in years)
        {
            Write(zip, $"cpd-{year.Year}.csv", "\uFEFF" + ToCsv(year));
            Write(zip, $"cpd-{year.Year}.json", ToJson(year));
        }
    }

    private static void Write(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
