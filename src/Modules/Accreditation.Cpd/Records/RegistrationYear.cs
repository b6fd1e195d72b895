using System.Globalization;

namespace Accreditation.Cpd.Records;

/// <summary>A Social Work England registration year: 1 December to 30 November, named e.g. "2025-26".</summary>
/// <param name="Starts">1 December.</param>
public readonly record struct RegistrationYear(DateOnly Starts)
{
    /// <summary>30 November.</summary>
    public DateOnly Ends => Starts.AddYears(1).AddDays(-1);

    /// <summary>"2025-26" for 1 December 2025 to 30 November 2026.</summary>
    public string Label => $"{Starts.Year}-{(Starts.Year + 1) % 100:00}";

    /// <summary>The day the renewal window opens (1 September before the year ends).</summary>
    public DateOnly RenewalWindowOpens => new(Starts.Year + 1, 9, 1);

    /// <summary>The first day of the year's last month (1 November).</summary>
    public DateOnly LastMonthStarts => new(Starts.Year + 1, 11, 1);

    /// <summary>The year before.</summary>
    public RegistrationYear Previous => new(Starts.AddYears(-1));

    /// <summary>The year after.</summary>
    public RegistrationYear Next => new(Starts.AddYears(1));

    /// <summary>Whether the date falls in the year.</summary>
    public bool Contains(DateOnly date) => date >= Starts && date <= Ends;

    /// <summary>The year a UK date falls in.</summary>
    public static RegistrationYear Of(DateOnly date) => new(new DateOnly(date.Month == 12 ? date.Year : date.Year - 1, 12, 1));

    /// <summary>Reads a label such as "2025-26"; false for anything else.</summary>
    public static bool TryParse(string? label, out RegistrationYear year)
    {
        year = default;
        if (label is not { Length: 7 } || label[4] != '-'
            || !int.TryParse(label.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(label.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var second)
            || first < 2000 || first > 9000 || (first + 1) % 100 != second)
        {
            return false;
        }

        year = new RegistrationYear(new DateOnly(first, 12, 1));
        return true;
    }

    /// <summary>Every year from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, oldest first.</summary>
    public static IEnumerable<RegistrationYear> Between(DateOnly from, DateOnly to)
    {
        for (var year = Of(from); year.Starts <= to; year = year.Next)
        {
            yield return year;
        }
    }
}
