using Accreditation.Core.Text;
using Accreditation.Research.Library;

namespace Accreditation.Research.Imports;

/// <summary>
/// Reads CSV with a header row (title required; authors, year, source, type, abstract, topics, kss, evidence,
/// access, link, doi, published optional; lists separated by semicolons). Quoted fields may hold commas and line breaks.
/// </summary>
public static class CsvReader
{
    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = "title",
        ["authors"] = "authors",
        ["author"] = "authors",
        ["year"] = "year",
        ["source"] = "source",
        ["publisher"] = "source",
        ["type"] = "type",
        ["abstract"] = "abstract",
        ["summary"] = "abstract",
        ["topics"] = "topics",
        ["topic"] = "topics",
        ["kss"] = "kss",
        ["kss statements"] = "kss",
        ["evidence"] = "evidence",
        ["evidence level"] = "evidence",
        ["access"] = "access",
        ["link"] = "link",
        ["url"] = "link",
        ["doi"] = "doi",
        ["published"] = "published",
    };

    /// <summary>Reads every data row; each row carries the line it starts on.</summary>
    public static IReadOnlyList<ImportRow> Read(string fileName, string text, LibraryVocabulary vocabulary)
    {
        var rows = new List<ImportRow>();
        var csv = Csv.Parse(text);
        var records = csv.Records;
        if (records.Count == 0)
        {
            return rows;
        }

        var header = records[0].Values.Select(h => Columns.TryGetValue(h.Trim(), out var c) ? c : null).ToList();
        var unknown = records[0].Values.Where((h, i) => header[i] is null && h.Trim().Length > 0).ToList();
        foreach (var record in records.Skip(1))
        {
            if (record.Values.All(f => f.Trim().Length == 0))
            {
                continue;
            }

            var row = new ImportRow { File = fileName, Line = record.Line };
            if (record.Values.Count > header.Count)
            {
                row.Errors.Add($"The row has {record.Values.Count} values but the header names {header.Count} columns.");
            }

            for (var i = 0; i < Math.Min(header.Count, record.Values.Count); i++)
            {
                Apply(row, header[i], record.Values[i].Trim(), vocabulary);
            }

            if (string.IsNullOrWhiteSpace(row.Title))
            {
                row.Errors.Add("The title is empty.");
            }

            if (unknown.Count > 0 && rows.Count == 0)
            {
                row.Notes.Add($"Columns not imported: {string.Join(", ", unknown)}.");
            }

            if (csv.UnclosedQuoteLine is not null && ReferenceEquals(record, records[^1]))
            {
                row.Errors.Add("A value opens a double quote (\") that is never closed.");
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void Apply(ImportRow row, string? column, string value, LibraryVocabulary vocabulary)
    {
        switch (column)
        {
            case "title":
                row.Title = value;
                if (value.Length > 500)
                {
                    row.Errors.Add("The title is longer than 500 characters.");
                }

                break;
            case "authors":
                row.Authors = value;
                break;
            case "year":
                row.Year = ImportReaders.YearOf(value, out var invalid);
                if (invalid)
                {
                    row.Errors.Add($"The year '{value}' is not a year between 1900 and 2100.");
                }

                break;
            case "source":
                row.Source = value;
                break;
            case "type" when value.Length > 0:
                if (ResearchLabels.ParseType(value) is { } type)
                {
                    row.Type = type;
                }
                else
                {
                    row.Errors.Add($"The type '{value}' is not one of: {string.Join(", ", ResearchLabels.Types.Values)}.");
                }

                break;
            case "abstract":
                row.Abstract = value;
                break;
            case "topics":
                foreach (var name in List(value))
                {
                    if (vocabulary.Topic(name) is { } topic)
                    {
                        row.Topics.Add(topic);
                    }
                    else
                    {
                        row.Errors.Add($"The topic '{name}' is not in the library's topics.");
                    }
                }

                break;
            case "kss":
                row.KssStatements.AddRange(List(value));
                break;
            case "evidence" when value.Length > 0:
                if (vocabulary.Evidence(value) is { } level)
                {
                    row.Evidence = level;
                }
                else
                {
                    row.Errors.Add($"The evidence level '{value}' is not one of the library's levels.");
                }

                break;
            case "access" when value.Length > 0:
                if (Enum.TryParse<ResearchAccess>(value, ignoreCase: true, out var access) && Enum.IsDefined(access))
                {
                    row.Access = access;
                }
                else
                {
                    row.Errors.Add($"The access '{value}' is not Public, Staff or Restricted.");
                }

                break;
            case "link":
                row.Link = value;
                break;
            case "doi":
                row.Doi = ResearchLibrary.NormaliseDoi(value);
                break;
            case "published" when value.Length > 0:
                row.Published = value.ToUpperInvariant() switch
                {
                    "YES" or "Y" or "TRUE" or "1" => true,
                    "NO" or "N" or "FALSE" or "0" => false,
                    _ => null,
                };
                if (row.Published is null)
                {
                    row.Errors.Add($"Published must be yes or no, not '{value}'.");
                }

                break;
        }
    }

    private static IEnumerable<string> List(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fields of a single line (for recognising a header).</summary>
    public static IReadOnlyList<string> Fields(string line) => Csv.Parse(line).Records is [var first, ..] ? first.Values : [];
}
