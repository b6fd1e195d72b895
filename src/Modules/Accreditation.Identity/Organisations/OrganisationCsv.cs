using System.Text;
using Accreditation.Core.Identity;
using Accreditation.Core.Text;

namespace Accreditation.Identity.Organisations;

/// <summary>One organisation read from a CSV file, with the line it starts on.</summary>
public sealed record OrganisationRow(int Line, OrganisationDetails Details);

/// <summary>What reading a CSV file of organisations found: its rows, or every problem with its line number.</summary>
public sealed record OrganisationCsvResult(IReadOnlyList<OrganisationRow> Rows, IReadOnlyList<string> Errors)
{
    /// <summary>Whether every row is right (only then is anything imported).</summary>
    public bool Succeeded => Errors.Count == 0 && Rows.Count > 0;
}

/// <summary>
/// Reads organisations from an uploaded CSV file by its content, never its name: UTF-8 text (a byte order mark is
/// fine), a header line naming the columns (Name, ONS code, Region and optionally Kind, in any order and case), then
/// one organisation a line. Quoted values may hold commas, quotes ("") and line breaks. Every problem is reported
/// with the line it is on, in words for the admin who made the file.
/// </summary>
public static class OrganisationCsv
{
    /// <summary>Most organisations in one file (England has about 150 children's services authorities).</summary>
    public const int MaxRows = 2000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum Column
    {
        Name,
        Code,
        Region,
        Kind,
    }

    /// <summary>Reads the bytes of an uploaded file.</summary>
    public static OrganisationCsvResult Read(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return Fail("The selected file is not a CSV file saved as UTF-8 text. In a spreadsheet, save it as \"CSV UTF-8 (comma delimited)\".");
        }

        return Read(text);
    }

    /// <summary>Reads CSV text.</summary>
    public static OrganisationCsvResult Read(string text)
    {
        text = text.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("The selected file is empty.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Fail("The selected file is not a CSV file: it holds binary data, not text. Upload a CSV file with a header line of Name, ONS code, Region and Kind.");
        }

        var errors = new List<string>();
        var records = Records(text, errors);
        if (errors.Count > 0)
        {
            return new OrganisationCsvResult([], errors);
        }

        var (headerLine, header) = records[0];
        var columns = Columns(headerLine, header, errors);
        if (errors.Count > 0)
        {
            return new OrganisationCsvResult([], errors);
        }

        var rows = new List<OrganisationRow>();
        var firstLineOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, values) in records.Skip(1))
        {
            if (values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                errors.Add($"Line {line}: the file has more than {MaxRows} organisations. Split it into smaller files.");
                break;
            }

            if (values.Count != header.Count)
            {
                errors.Add($"Line {line} has {values.Count} values but the header line names {header.Count} columns. Put any value holding a comma in double quotes.");
                continue;
            }

            string? Value(Column column) => columns.TryGetValue(column, out var index) ? values[index].Trim() : null;
            var kindText = Value(Column.Kind);
            var kind = string.IsNullOrEmpty(kindText) ? OrganisationKind.LocalAuthority : OrganisationRules.ParseKind(kindText);
            if (kind is null)
            {
                errors.Add($"Line {line}: '{kindText}' is not a kind of organisation. Use Local authority, Chief Social Worker's office or Other.");
                continue;
            }

            var regionText = Value(Column.Region);
            var region = string.IsNullOrEmpty(regionText) ? null : OrganisationRules.ParseRegion(regionText);
            if (!string.IsNullOrEmpty(regionText) && region is null)
            {
                errors.Add($"Line {line}: '{regionText}' is not an English region. Use one of {OrganisationRules.RegionList}.");
                continue;
            }

            var details = new OrganisationDetails(Value(Column.Name), Value(Column.Code), kind.Value, region);
            var before = errors.Count;
            OrganisationRules.Check(details, (_, message) => errors.Add($"Line {line}: {message}."));
            if (errors.Count > before)
            {
                continue;
            }

            var code = OrganisationRules.NormaliseCode(details.Code);
            if (firstLineOfCode.TryGetValue(code, out var first))
            {
                errors.Add($"Line {line}: {code} is already on line {first}. Each organisation must appear once.");
                continue;
            }

            firstLineOfCode[code] = line;
            rows.Add(new OrganisationRow(line, details with { Name = details.Name!.Trim(), Code = code }));
        }

        if (errors.Count == 0 && rows.Count == 0)
        {
            errors.Add("The file has a header line but no organisations below it.");
        }

        return new OrganisationCsvResult(errors.Count == 0 ? rows : [], errors);
    }

    private static Dictionary<Column, int> Columns(int line, List<string> header, List<string> errors)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = new string(header[i].Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
            Column? column = name switch
            {
                "name" or "organisation" or "organisationname" => Column.Name,
                "onscode" or "code" => Column.Code,
                "region" => Column.Region,
                "kind" => Column.Kind,
                _ => null,
            };
            if (column is null)
            {
                errors.Add($"Line {line}: '{header[i].Trim()}' is not a column this import knows. The header line names the columns Name, ONS code, Region and (optionally) Kind.");
            }
            else if (!columns.TryAdd(column.Value, i))
            {
                errors.Add($"Line {line}: the column '{header[i].Trim()}' is named twice.");
            }
        }

        foreach (var (required, label) in new[] { (Column.Name, "Name"), (Column.Code, "ONS code"), (Column.Region, "Region") })
        {
            if (errors.Count == 0 && !columns.ContainsKey(required))
            {
                errors.Add($"Line {line}: the header line has no {label} column. The first line of the file must name the columns Name, ONS code, Region and (optionally) Kind.");
            }
        }

        return columns;
    }

    /// <summary>Splits CSV text into records, each with the line it starts on; blank lines before the header are skipped.</summary>
    private static List<(int Line, List<string> Values)> Records(string text, List<string> errors)
    {
        var csv = Csv.Parse(text);
        if (csv.UnclosedQuoteLine is { } quoteLine)
        {
            errors.Add($"Line {quoteLine}: a value opens a double quote (\") that is never closed.");
            return [.. csv.Records.SkipLast(1).Select(r => (r.Line, r.Values.ToList()))];
        }

        var records = csv.Records.SkipWhile(r => r.IsBlank).Select(r => (r.Line, r.Values.ToList())).ToList();
        if (records.Count == 0)
        {
            errors.Add("The selected file is empty.");
        }

        return records;
    }

    private static OrganisationCsvResult Fail(string message) => new([], [message]);
}
