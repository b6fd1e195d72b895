namespace Accreditation.Portfolios.Evidence;

/// <summary>UK dates for the portfolio pages; the calendar itself lives in Core (<see cref="Core.Dates.UkCalendar"/>) so other modules share it.</summary>
public static class UkCalendar
{
    /// <summary>Today's date in the UK.</summary>
    public static DateOnly Today(TimeProvider clock) => Core.Dates.UkCalendar.Today(clock);

    /// <summary>An instant as UK local time.</summary>
    public static DateTime Local(DateTimeOffset instant) => Core.Dates.UkCalendar.Local(instant);

    /// <summary>"2 November 2026".</summary>
    public static string Format(DateOnly date) => Core.Dates.UkCalendar.Format(date);

    /// <summary>"2 November 2026 at 9:05am".</summary>
    public static string Format(DateTimeOffset instant) => Core.Dates.UkCalendar.Format(instant);
}
