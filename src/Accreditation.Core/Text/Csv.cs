using System.Text;

namespace Accreditation.Core.Text;

/// <summary>One CSV record: the line of the file it starts on (1-based) and its values, unquoted.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Values)
{
    /// <summary>Whether every value is blank (a blank line).</summary>
    public bool IsBlank => Values.All(string.IsNullOrWhiteSpace);
}

/// <summary>CSV split into records; <see cref="UnclosedQuoteLine"/> names the line of a double quote that never closes.</summary>
public sealed record CsvText(IReadOnlyList<CsvRecord> Records, int? UnclosedQuoteLine);

/// <summary>
/// Splits CSV text (RFC 4180: comma separated, double-quoted values may hold commas, quotes doubled, and line breaks)
/// into records, each with the line it starts on, so imports can name the line of every problem. A quote opens a
/// quoted value only at the start of a value (spaces before it are dropped); CR is ignored.
/// </summary>
public static class Csv
{
    /// <summary>Splits the text into records (the last one kept even when its quote never closes).</summary>
    public static CsvText Parse(string text)
    {
        var records = new List<CsvRecord>();
        var values = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when IsBlank(field):
                    field.Clear();
                    quoted = true;
                    quoteLine = line;
                    break;
                case ',':
                    values.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    values.Add(field.ToString());
                    field.Clear();
                    records.Add(new CsvRecord(recordLine, values));
                    values = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted || field.Length > 0 || values.Count > 0)
        {
            values.Add(field.ToString());
            records.Add(new CsvRecord(recordLine, values));
        }

        return new CsvText(records, quoted ? quoteLine : null);
    }

    private static bool IsBlank(StringBuilder field)
    {
        for (var i = 0; i < field.Length; i++)
        {
            if (!char.IsWhiteSpace(field[i]))
            {
                return false;
            }
        }

        return true;
    }
}
