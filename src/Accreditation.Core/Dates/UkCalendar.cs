namespace Accreditation.Core.Dates;

/// <summary>Dates as people in England read them: assessment windows open and close on UK dates.</summary>
public static class UkCalendar
{
    private static readonly TimeZoneInfo London = FindLondon();

    /// <summary>Today's date in the UK.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), London).DateTime);

    /// <summary>An instant as UK local time.</summary>
    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, London).DateTime;

    /// <summary>"2 November 2026".</summary>
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));

    /// <summary>"2 November 2026 at 9:05am".</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = Local(instant);
        var culture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");
        return $"{local.ToString("d MMMM yyyy", culture)} at {local.ToString("h:mm", culture)}{(local.Hour < 12 ? "am" : "pm")}";
    }

    private static TimeZoneInfo FindLondon()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
