using Accreditation.Portfolios.Privacy;

namespace Accreditation.Portfolios.Tests.Privacy;

/// <summary>The privacy scanner finds likely identifiers of children and families and leaves ordinary practice writing alone.</summary>
public sealed class PrivacyScannerTests
{
    private static List<(IdentifierKind Kind, string Text)> Find(string text) => PrivacyScanner.Scan(text).Select(m => (m.Kind, m.Text)).ToList();

    [Theory]
    [InlineData("943 476 5919")]
    [InlineData("9434765919")]
    [InlineData("943-476-5919")]
    public void A_valid_nhs_number_is_found_spaced_or_not(string number)
    {
        Assert.Contains((IdentifierKind.NhsNumber, number), Find($"Her NHS number is {number} on the referral."));
    }

    [Theory]
    [InlineData("943 476 5918")]
    [InlineData("1234567890")]
    [InlineData("1111111111")]
    public void An_invalid_nhs_number_is_ignored(string number)
    {
        var found = Find($"Reference {number} in the minutes.");
        Assert.DoesNotContain(found, f => f.Kind == IdentifierKind.NhsNumber);
        Assert.DoesNotContain(found, f => f.Kind == IdentifierKind.PhoneNumber);
    }

    [Fact]
    public void The_nhs_check_digit_follows_modulus_11()
    {
        Assert.True(PrivacyScanner.IsValidNhsNumber("401 023 2137"));
        Assert.False(PrivacyScanner.IsValidNhsNumber("401 023 2138"));
    }

    [Theory]
    [InlineData("The family moved to SW1A 1AA last year.", "SW1A 1AA")]
    [InlineData("They live near m1 1ae in the city.", "m1 1ae")]
    [InlineData("Postcode B338TH was on the form.", "B338TH")]
    public void Postcodes_are_found(string text, string postcode)
    {
        Assert.Contains((IdentifierKind.Postcode, postcode), Find(text));
    }

    [Theory]
    [InlineData("DOB: 14/03/2015", "14/03/2015")]
    [InlineData("She was born on 3 March 2016 in hospital.", "3 March 2016")]
    [InlineData("Date of birth 2017-06-30.", "2017-06-30")]
    [InlineData("The visit was on 12/11/2025.", "12/11/2025")]
    public void Dates_of_birth_and_full_dates_are_found(string text, string date)
    {
        Assert.Contains((IdentifierKind.DateOfBirth, date), Find(text));
    }

    [Theory]
    [InlineData("Call mum on 07700 900123 after school.", "07700 900123")]
    [InlineData("The school is on 020 7946 0018.", "020 7946 0018")]
    [InlineData("Text +44 7700 900123 please.", "+44 7700 900123")]
    public void Phone_numbers_are_found(string text, string phone)
    {
        Assert.Contains((IdentifierKind.PhoneNumber, phone), Find(text));
    }

    [Fact]
    public void Emails_names_after_titles_children_and_case_references_are_found()
    {
        var found = Find("I emailed jo.bloggs@example.com about Mrs Jane Smith and Child Tyler, then Baby Olivia Brown. Case ref: LCS-123456, CRN 99887766.");

        Assert.Contains((IdentifierKind.EmailAddress, "jo.bloggs@example.com"), found);
        Assert.Contains((IdentifierKind.PersonName, "Mrs Jane Smith"), found);
        Assert.Contains((IdentifierKind.PersonName, "Child Tyler"), found);
        Assert.Contains((IdentifierKind.PersonName, "Baby Olivia Brown"), found);
        Assert.Contains(found, f => f.Kind == IdentifierKind.CaseReference && f.Text.Contains("123456", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Kind == IdentifierKind.CaseReference && f.Text.Contains("99887766", StringComparison.Ordinal));
    }

    [Fact]
    public void Ordinary_reflective_writing_and_anonymised_references_are_not_flagged()
    {
        var found = Find("In supervision we discussed Child A and the Child Protection Conference. " +
            "I reflected on the Children Act 1989 and how 3 of 10 plans changed. We met at 10am for 45 minutes.");

        Assert.Empty(found);
    }

    [Fact]
    public void A_finding_carries_a_snippet_of_its_context()
    {
        var match = Assert.Single(PrivacyScanner.Scan("At the meeting the family said their postcode, SW1A 1AA, had changed recently."));

        Assert.Contains("their postcode, SW1A 1AA, had changed", match.Snippet, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        // Each of these made a pattern retry from every position to the end of the text (quadratic or worse).
        { "spaces after case", "case" + new string(' ', 200_000) + "x" },
        { "spaces after date of birth", "dob" + new string(' ', 200_000) + "x" },
        { "spaces after a title", "Mr" + new string(' ', 200_000) + "x" },
        { "letters with no @", new string('a', 200_000) },
        { "a long domain", "a@" + string.Concat(Enumerable.Repeat("b.", 100_000)) },
        { "a long digit run", "ref " + new string('7', 200_000) + "x" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_is_scanned_to_the_end_within_the_time_limit(string what, string text)
    {
        var found = PrivacyScanner.Scan(text);

        Assert.True(found.All(f => f.Kind != IdentifierKind.Unchecked), $"{what}: a pattern ran out of time");
    }

    [Fact]
    public void Findings_are_the_same_however_many_there_are_and_their_shown_text_is_bounded()
    {
        const string unit = "Mrs Jane Smith called on 07700 900123 from SW1A 1AA about case ref 123456. ";
        var one = PrivacyScanner.Scan(unit);
        var many = PrivacyScanner.Scan(string.Concat(Enumerable.Repeat(unit, 2000)));
        var longName = PrivacyScanner.Scan("Mr " + string.Join(' ', Enumerable.Repeat("Quillfeathernakamurasmithjones", 20)));

        Assert.Equal(one.Count * 2000, many.Count);
        Assert.Equal(one.Select(f => f.Kind), many.Take(one.Count).Select(f => f.Kind));
        Assert.All(longName, f => Assert.True(f.Text.Length <= PrivacyScanner.MaxMatchLength + 1 && f.Snippet.Length <= PrivacyScanner.MaxMatchLength + 84));
    }
}
