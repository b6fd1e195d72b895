using Accreditation.Core.Identity;
using Accreditation.Identity.Organisations;

namespace Accreditation.Identity.Tests.Organisations;

/// <summary>Reading organisations from CSV: quoting, line numbers, columns in any order, kinds and regions as people write them.</summary>
public sealed class OrganisationCsvTests
{
    [Fact]
    public void Quoted_values_may_hold_commas_quotes_and_line_breaks_and_lines_are_counted_from_where_a_row_starts()
    {
        const string csv = "\uFEFFRegion,Kind,ONS code,Name\r\n" +
            "London,Local authority,E09000033,\"Westminster, City of\"\r\n" +
            "South East,,E10000030,\"Surrey \"\"County\"\" Council\"\r\n" +
            "\r\n" +
            "North West,local-authority,e08000012,Liverpool\r\n";

        var read = OrganisationCsv.Read(csv);

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Collection(read.Rows,
            r => Assert.Equal(new OrganisationRow(2, new OrganisationDetails("Westminster, City of", "E09000033", OrganisationKind.LocalAuthority, EnglishRegion.London)), r),
            r => Assert.Equal(new OrganisationRow(3, new OrganisationDetails("Surrey \"County\" Council", "E10000030", OrganisationKind.LocalAuthority, EnglishRegion.SouthEast)), r),
            r => Assert.Equal(new OrganisationRow(5, new OrganisationDetails("Liverpool", "E08000012", OrganisationKind.LocalAuthority, EnglishRegion.NorthWest)), r));
    }

    [Fact]
    public void A_line_break_inside_quotes_is_refused_in_a_name_and_later_lines_keep_their_numbers()
    {
        var read = OrganisationCsv.Read("Name,ONS code,Region\n\"Surrey\nCouncil\",E10000030,South East\nLeeds,E0800003X,Yorkshire and The Humber\n");

        Assert.Collection(read.Errors,
            e => Assert.Equal("Line 2: The name must not contain line breaks or control characters.", e),
            e => Assert.StartsWith("Line 4: 'E0800003X' is not the ONS code", e, StringComparison.Ordinal));
    }

    [Fact]
    public void The_chief_social_workers_office_has_a_short_code_and_no_region()
    {
        var read = OrganisationCsv.Read("Name,Code,Region,Kind\nChief Social Worker's office,cswo,,Chief Social Worker's office\n");

        Assert.True(read.Succeeded, string.Join("; ", read.Errors));
        Assert.Equal(new OrganisationDetails("Chief Social Worker's office", "CSWO", OrganisationKind.ChiefSocialWorkersOffice, null), Assert.Single(read.Rows).Details);
    }

    [Theory]
    [InlineData("Name,ONS code\nLeeds,E08000035\n", "Line 1: the header line has no Region column")]
    [InlineData("Name,ONS code,Region,Colour\nLeeds,E08000035,London,Red\n", "Line 1: 'Colour' is not a column this import knows")]
    [InlineData("Name,ONS code,Region\n", "The file has a header line but no organisations below it.")]
    [InlineData("Name,ONS code,Region\n\"Leeds,E08000035,London\n", "Line 2: a value opens a double quote (\") that is never closed.")]
    [InlineData("Name,ONS code,Region\nLeeds,E07000035,Yorkshire and The Humber\n", "Line 2: 'E07000035' is not the ONS code of a local authority with children's services")]
    [InlineData("Name,ONS code,Region\nLeeds,E08000035,\n", "Line 2: Select the local authority's region.")]
    [InlineData("Name,ONS code,Region,Kind\nA partnership,E08000035,,Other\n", "Line 2: This is a local authority's ONS code")]
    [InlineData("Name,ONS code,Region,Kind\nLeeds,E08000035,Yorkshire,Council\n", "Line 2: 'Council' is not a kind of organisation")]
    public void A_wrong_file_or_line_is_described_with_its_line_number(string csv, string expected)
    {
        var read = OrganisationCsv.Read(csv);

        Assert.False(read.Succeeded);
        Assert.Empty(read.Rows);
        Assert.StartsWith(expected, read.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_utf8_or_holds_binary_data_is_not_a_csv_file()
    {
        Assert.Contains("not a CSV file saved as UTF-8", Assert.Single(OrganisationCsv.Read([0x4E, 0x61, 0x6D, 0x65, 0xA3, 0xFF]).Errors), StringComparison.Ordinal);
        Assert.Contains("binary data", Assert.Single(OrganisationCsv.Read("Name\0,ONS code,Region\n").Errors), StringComparison.Ordinal);
    }
}
