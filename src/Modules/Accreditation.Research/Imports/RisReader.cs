using Accreditation.Research.Library;

namespace Accreditation.Research.Imports;

/// <summary>Reads RIS records ("TY  - JOUR" … "ER  - "), the format reference managers export.</summary>
public static class RisReader
{
    /// <summary>Reads every record; each row carries the line of its TY tag.</summary>
    public static IReadOnlyList<ImportRow> Read(string fileName, string text, LibraryVocabulary vocabulary)
    {
        var rows = new List<ImportRow>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        ImportRow? row = null;
        var authors = new List<string>();
        string? lastTag = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 5 || line[2] != ' ' || line[3] != ' ' || line[4] != '-')
            {
                // A continuation of the previous tag's value (long abstracts wrap).
                if (row is not null && lastTag is "AB" or "N2")
                {
                    row.Abstract += " " + line.Trim();
                    continue;
                }

                var stray = new ImportRow { File = fileName, Line = i + 1 };
                stray.Errors.Add($"Line {i + 1} is not a RIS tag line (\"XX  - value\").");
                rows.Add(stray);
                continue;
            }

            var tag = line[..2];
            var value = line.Length > 6 ? line[6..].Trim() : "";
            lastTag = tag;
            if (tag == "TY")
            {
                if (row is not null)
                {
                    row.Errors.Add("The record does not end with an ER line.");
                    Finish(row, authors, rows);
                }

                row = new ImportRow { File = fileName, Line = i + 1, Type = TypeOf(value) };
                authors = [];
                continue;
            }

            if (row is null)
            {
                var stray = new ImportRow { File = fileName, Line = i + 1 };
                stray.Errors.Add($"The {tag} tag comes before any TY line starting a record.");
                rows.Add(stray);
                continue;
            }

            switch (tag)
            {
                case "TI" or "T1" when row.Title.Length == 0:
                    row.Title = value;
                    break;
                case "AU" or "A1" or "A2":
                    authors.Add(value);
                    break;
                case "PY" or "Y1" or "DA" when row.Year is null:
                    row.Year = ImportReaders.YearOf(value, out var invalid);
                    if (invalid)
                    {
                        row.Errors.Add($"The year '{value}' is not a year between 1900 and 2100.");
                    }

                    break;
                case "AB" or "N2" when row.Abstract.Length == 0:
                    row.Abstract = value;
                    break;
                case "PB" or "JO" or "JF" or "T2" when row.Source.Length == 0:
                    row.Source = value;
                    break;
                case "DO":
                    row.Doi = ResearchLibrary.NormaliseDoi(value);
                    break;
                case "UR" when row.Link.Length == 0:
                    row.Link = value;
                    break;
                case "KW":
                    if (vocabulary.Topic(value) is { } topic)
                    {
                        row.Topics.Add(topic);
                    }
                    else
                    {
                        row.Notes.Add($"Keyword '{value}' is not a library topic and was left out.");
                    }

                    break;
                case "ER":
                    Finish(row, authors, rows);
                    row = null;
                    break;
            }
        }

        if (row is not null)
        {
            row.Errors.Add("The record does not end with an ER line.");
            Finish(row, authors, rows);
        }

        return rows;
    }

    private static void Finish(ImportRow row, List<string> authors, List<ImportRow> rows)
    {
        row.Authors = string.Join("; ", authors);
        if (string.IsNullOrWhiteSpace(row.Title))
        {
            row.Errors.Add("The record has no title (TI).");
        }

        rows.Add(row);
    }

    private static ResearchItemType TypeOf(string ris) => ris.Trim().ToUpperInvariant() switch
    {
        "JOUR" or "EJOUR" or "JFULL" => ResearchItemType.JournalArticle,
        "RPRT" => ResearchItemType.ResearchReview,
        "VIDEO" or "SOUND" or "MPCT" => ResearchItemType.PodcastOrVideo,
        "GOVDOC" or "STAND" => ResearchItemType.PracticeGuide,
        "PAMP" => ResearchItemType.Briefing,
        _ => ResearchItemType.Other,
    };
}
