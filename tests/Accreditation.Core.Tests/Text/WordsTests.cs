using Accreditation.Core.Security;
using Accreditation.Core.Text;

namespace Accreditation.Core.Tests.Text;

/// <summary>Code names become the words people read.</summary>
public sealed class WordsTests
{
    private enum Sample
    {
        InReview,
        NotYet,
        Live,
    }

    [Theory]
    [InlineData("InReview", "In review")]
    [InlineData("MarkingStarted", "Marking started")]
    [InlineData("ReadyForRelease", "Ready for release")]
    [InlineData("KSSStatement", "KSS statement")]
    [InlineData("Draft", "Draft")]
    [InlineData("", "")]
    public void A_code_name_reads_in_sentence_case_keeping_acronyms(string codeName, string words) =>
        Assert.Equal(words, Words.Of(codeName));

    [Fact]
    public void Enum_values_and_roles_read_as_words()
    {
        Assert.Equal("In review", Words.Of(Sample.InReview));
        Assert.Equal("Not yet", Words.Of(Sample.NotYet));
        Assert.Equal("Live", Words.Of(Sample.Live));
        Assert.Equal("Lead assessor", Roles.DisplayName(Roles.LeadAssessor));
        Assert.Equal("Organisation admin", Roles.DisplayName(Roles.OrganisationAdmin));
        Assert.All(Roles.All, r => Assert.DoesNotMatch("[a-z][A-Z]", Roles.DisplayName(r)));
    }
}
