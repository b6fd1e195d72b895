using Accreditation.Core.Forms;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;

namespace Accreditation.Portfolios.Tests.Programmes;

/// <summary>The new window form's checks, in the administrator's words and the order the form shows them.</summary>
public sealed class ProgrammeWindowInputValidatorTests
{
    private static List<FormError> Check(ProgrammeWindowInput input) =>
        new ProgrammeWindowInputValidator(["Spring 2027"]).Validate(input).ToFormErrors();

    private static ProgrammeWindowInput Valid() => new(" Autumn 2027 ", ["1", "9", "2027"], ["30", "11", "2027"], " 40 ");

    [Fact]
    public void A_complete_window_passes_and_reads_as_values()
    {
        var input = Valid();
        Assert.Empty(Check(input));
        Assert.Equal("Autumn 2027", ProgrammeWindowInputValidator.Trimmed(input.Name));
        Assert.Equal(new DateOnly(2027, 9, 1), ProgrammeWindowInputValidator.Date(input.Opens));
        Assert.Equal(40, ProgrammeWindowInputValidator.Places(input.Capacity));
        Assert.Empty(Check(input with { Closes = ["1", "9", "2027"] }));
    }

    [Fact]
    public void An_empty_form_names_each_missing_field_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("Name", "Enter a name for the window"),
                new FormError("Opens", "Enter the opening date"),
                new FormError("Closes", "Enter the closing date"),
                new FormError("Capacity", "Enter the number of places as a whole number from 1 to 100,000"),
            ],
            Check(new ProgrammeWindowInput(" ", [null, "", " "], new string?[3], null)));
    }

    [Fact]
    public void A_name_too_long_or_already_used_is_refused()
    {
        Assert.Equal(
            [new FormError("Name", $"Name must be {PortfoliosModel.NameLength} characters or fewer")],
            Check(Valid() with { Name = new string('n', PortfoliosModel.NameLength + 1) }));
        Assert.Equal(
            [new FormError("Name", "This programme already has a window called Spring 2027")],
            Check(Valid() with { Name = " Spring 2027 " }));
    }

    [Fact]
    public void Dates_that_are_not_real_or_close_before_they_open_are_refused()
    {
        Assert.Equal(
            [
                new FormError("Opens", "The opening date must be a real date, like 27 3 2027"),
                new FormError("Closes", "The closing date must be a real date, like 27 3 2027"),
            ],
            Check(Valid() with { Opens = ["31", "2", "2027"], Closes = ["1", "1", "1999"] }));
        Assert.Equal(
            [new FormError("Closes", "The closing date must be the same as or after the opening date")],
            Check(Valid() with { Closes = ["31", "8", "2027"] }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100001")]
    [InlineData("-5")]
    [InlineData("ten")]
    public void Places_outside_1_to_100000_are_refused(string capacity)
    {
        Assert.Equal(
            [new FormError("Capacity", "Enter the number of places as a whole number from 1 to 100,000")],
            Check(Valid() with { Capacity = capacity }));
        Assert.Empty(Check(Valid() with { Capacity = "100000" }));
    }
}

/// <summary>The renewal form's check of the years an accreditation stays valid.</summary>
public sealed class ProgrammeRenewalInputValidatorTests
{
    private static List<FormError> Check(string? years) =>
        new ProgrammeRenewalInputValidator().Validate(new ProgrammeRenewalInput(years)).ToFormErrors();

    [Theory]
    [InlineData(null)]
    [InlineData("21")]
    [InlineData("-1")]
    [InlineData("three")]
    public void Years_outside_0_to_20_are_refused(string? years) =>
        Assert.Equal(
            [new FormError("ValidYears", "Enter the number of years as a whole number from 0 to 20 (0 if it does not lapse)")],
            Check(years));

    [Theory]
    [InlineData("0", 0)]
    [InlineData(" 20 ", 20)]
    public void Years_from_0_to_20_pass(string years, int value)
    {
        Assert.Empty(Check(years));
        Assert.Equal(value, ProgrammeRenewalInputValidator.Years(years));
    }
}
