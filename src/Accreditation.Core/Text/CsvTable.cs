using System.Globalization;
using CsvHelper;

namespace Accreditation.Core.Text;

/// <summary>
/// Writes every CSV file the site offers for download (RFC 4180 through CsvHelper, CRLF line ends, quoted where needed)
/// with one spreadsheet-formula guard: a value starting with =, +, -, @, tab or carriage return is prefixed with an
/// apostrophe (and the value quoted), so a spreadsheet shows it as text instead of running it; the question-bank import
/// undoes it.
/// </summary>
public static class CsvTable
{
    /// <summary>The characters that make a spreadsheet treat a cell as a formula.</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly CsvWriterOptions Options = new()
    {
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
        InjectionCharacters = new string(FormulaStarts),
        InjectionEscape = '\'',
    };

    /// <summary>The rows as CSV text, each row's values in order.</summary>
    public static string Write(IEnumerable<IEnumerable<string?>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                csv.WriteRecord(row.Select(v => v ?? "").ToArray());
            }
        }

        return text.ToString();
    }

    /// <summary>Undoes the formula guard ("'=x" back to "=x") for a value read back from a file this site wrote.</summary>
    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1]) ? value[1..] : value;
}
