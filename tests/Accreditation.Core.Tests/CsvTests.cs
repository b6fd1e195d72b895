using Accreditation.Core.Text;

namespace Accreditation.Core.Tests;

/// <summary>CSV splitting that imports rely on to name the line of every problem.</summary>
public sealed class CsvTests
{
    [Fact]
    public void Quoted_values_keep_commas_doubled_quotes_and_line_breaks_and_records_know_their_first_line()
    {
        var csv = Csv.Parse("name,notes\r\n\"Kent, County\",\"said \"\"hello\"\"\nover two lines\"\nLast,  \"spaced\"\n");

        Assert.Null(csv.UnclosedQuoteLine);
        Assert.Equal([1, 2, 4], csv.Records.Select(r => r.Line));
        Assert.Equal(["Kent, County", "said \"hello\"\nover two lines"], csv.Records[1].Values);
        Assert.Equal(["Last", "spaced"], csv.Records[2].Values);
    }

    [Fact]
    public void A_quote_that_never_closes_is_reported_with_its_line()
    {
        var csv = Csv.Parse("a,b\n1,2\n3,\"open\n4,5\n");

        Assert.Equal(3, csv.UnclosedQuoteLine);
        Assert.Equal(3, csv.Records[^1].Line);
    }

    [Fact]
    public void A_last_line_without_a_line_break_is_a_record_and_blank_lines_are_blank()
    {
        var csv = Csv.Parse("a,b\n\n1,2");

        Assert.Equal(3, csv.Records.Count);
        Assert.True(csv.Records[1].IsBlank);
        Assert.Equal(["1", "2"], csv.Records[2].Values);
        Assert.Empty(Csv.Parse("").Records);
    }
}
