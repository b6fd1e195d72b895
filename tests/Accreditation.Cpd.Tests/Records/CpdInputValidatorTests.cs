using Accreditation.Cpd.Records;

namespace Accreditation.Cpd.Tests.Records;

/// <summary>The CPD record form's checks: every field, in the order the error summary lists them, in the service's words.</summary>
public sealed class CpdInputValidatorTests
{
    private static readonly DateOnly Today = new(2026, 12, 6);
    private static readonly Guid Statement = Guid.NewGuid();

    private static List<(string Field, string Message)> Check(CpdInput input) =>
        new CpdInputValidator(Today, new HashSet<Guid> { Statement }).Validate(input).Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();

    private static CpdInput Valid() => new()
    {
        ActivityType = "Course",
        Title = "Trauma-informed supervision",
        DateDay = "1",
        DateMonth = "12",
        DateYear = "2026",
        Hours = "1,5",
        Description = "A day course.",
        Learning = "Naming what is happening.",
        Impact = "Calmer supervision.",
        StatementIds = [Statement],
    };

    [Fact]
    public void An_empty_form_names_every_required_field_in_form_order()
    {
        Assert.Equal(
            ["ActivityType", "Title", "DateDay", "Hours", "Description", "Learning", "Impact"],
            Check(new CpdInput()).Select(e => e.Field));
    }

    [Fact]
    public void A_complete_form_passes_and_reads_into_values()
    {
        Assert.Empty(Check(Valid()));
        var entry = CpdEntry.From(Valid());
        Assert.Equal(90, entry.Minutes);
        Assert.Equal(new DateOnly(2026, 12, 1), entry.Date);
        Assert.Null(entry.PeerName);
    }

    [Theory]
    [InlineData("31", "2", "2026", "The date of the activity must be a real date, for example 27 3 2026")]
    [InlineData("7", "12", "2026", "The date of the activity must be today or in the past")]
    [InlineData("1", "1", "1949", "The date of the activity must be a real date, for example 27 3 2026")]
    public void Dates_must_be_real_and_not_in_the_future(string day, string month, string year, string message)
    {
        var input = Valid();
        (input.DateDay, input.DateMonth, input.DateYear) = (day, month, year);
        Assert.Equal([("DateDay", message)], Check(input));
    }

    [Theory]
    [InlineData("an hour", "Enter the time spent as a number of hours, for example 1.5")]
    [InlineData("0", "Enter the time spent as a number of hours, for example 1.5")]
    [InlineData("1001", "The time spent must be between 1 minute and 1,000 hours")]
    public void Hours_must_be_a_positive_number_up_to_a_thousand(string hours, string message)
    {
        var input = Valid();
        input.Hours = hours;
        Assert.Equal([("Hours", message)], Check(input));
    }

    [Fact]
    public void Part_of_a_peer_reflection_asks_for_the_peer_and_the_learning()
    {
        var input = Valid();
        input.PeerRole = "Team manager";
        Assert.Equal(["PeerName", "PeerLearning"], Check(input).Select(e => e.Field));

        input.PeerName = "Sam";
        input.PeerLearning = "To slow down.";
        Assert.Empty(Check(input));
    }

    [Fact]
    public void Links_outside_the_link_rule_and_unknown_statements_are_refused()
    {
        var input = Valid();
        input.Link = "javascript:alert(1)";
        input.StatementIds = [Statement, Guid.NewGuid()];
        Assert.Equal(["Link", "StatementIds"], Check(input).Select(e => e.Field));
    }
}
