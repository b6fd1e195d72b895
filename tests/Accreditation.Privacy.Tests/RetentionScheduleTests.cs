using Accreditation.Core.Modules;
using Accreditation.Core.Privacy;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Privacy.Tests;

/// <summary>Retention periods as operators write them, and the schedule's refusal of one it cannot read.</summary>
public sealed class RetentionScheduleTests
{
    private static readonly RetentionKind Bodies = new("SentEmailBodies", "Text of sent emails", "after sending", "Removed", "30 days");

    [Theory]
    [InlineData("30 days", 30, RetentionUnit.Days, "30 days")]
    [InlineData("1 Year", 1, RetentionUnit.Years, "1 year")]
    [InlineData(" 6  months ", 6, RetentionUnit.Months, "6 months")]
    public void A_period_reads_as_days_months_or_years(string text, int count, RetentionUnit unit, string shown)
    {
        Assert.True(RetentionPeriod.TryParse(text, out var period));
        Assert.Equal(new RetentionPeriod(count, unit), period);
        Assert.Equal(shown, period.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("forever")]
    [InlineData("0 days")]
    [InlineData("-3 days")]
    [InlineData("30")]
    [InlineData("2 fortnights")]
    [InlineData("999 years")]
    public void Anything_else_is_not_a_period(string text) => Assert.False(RetentionPeriod.TryParse(text, out _));

    [Fact]
    public void Years_are_calendar_years()
    {
        var now = new DateTimeOffset(2032, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), RetentionPeriod.Parse("6 years").Before(now));
        Assert.Equal(new DateTimeOffset(2032, 1, 31, 12, 0, 0, TimeSpan.Zero), RetentionPeriod.Parse("30 days").Before(now));
    }

    [Fact]
    public void A_configured_period_replaces_the_default_and_one_that_cannot_be_read_is_refused_naming_its_setting()
    {
        static RetentionSchedule Schedule(string? configured) => new(
            [new RetentionRegistration(ModuleHost.CoreModuleId, Bodies, typeof(object))],
            new ComposedModules([], []),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Privacy:Retention:SentEmailBodies"] = configured }).Build());

        Assert.Equal("30 days after sending", Assert.Single(Schedule(null).Entries()).PeriodText);
        Assert.Equal("14 days after sending", Assert.Single(Schedule("14 days").Entries()).PeriodText);
        var problem = Assert.Single(Schedule("a fortnight").Problems());
        Assert.Contains("Privacy:Retention:SentEmailBodies", problem, StringComparison.Ordinal);
        Assert.Contains("\"a fortnight\"", problem, StringComparison.Ordinal);
        var refused = Assert.Throws<InvalidOperationException>(() => Schedule("a fortnight").Entries());
        Assert.Contains("Privacy:Retention:SentEmailBodies", refused.Message, StringComparison.Ordinal);
        Assert.Contains("| Text of sent emails | 14 days after sending | Removed |", Schedule("14 days").ToMarkdown(), StringComparison.Ordinal);
    }
}
