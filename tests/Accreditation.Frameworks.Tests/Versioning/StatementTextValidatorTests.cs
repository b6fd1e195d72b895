using Accreditation.Core.Forms;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Versioning;

namespace Accreditation.Frameworks.Tests.Versioning;

/// <summary>A statement's title and description as the draft editor checks them, in the words the form shows.</summary>
public sealed class StatementTextValidatorTests
{
    private static List<FormError> Check(string? title, string? description) =>
        new StatementTextValidator().Validate(new StatementText(title, description)).ToFormErrors();

    [Fact]
    public void A_title_and_a_description_within_their_lengths_pass()
    {
        Assert.Empty(Check("Relationships and effective direct work", "Build relationships with children and families."));
    }

    [Fact]
    public void Empty_parts_are_asked_for_in_the_order_of_the_form()
    {
        Assert.Equal([new FormError("Title", "Enter a title"), new FormError("Description", "Enter a description")], Check("  ", null));
    }

    [Fact]
    public void Parts_too_long_are_refused_with_their_limits()
    {
        Assert.Equal(
            [
                new FormError("Title", $"Title must be {FrameworksModel.TitleLength} characters or fewer"),
                new FormError("Description", $"Description must be {FrameworksModel.DescriptionLength:N0} characters or fewer"),
            ],
            Check(new string('t', FrameworksModel.TitleLength + 1), new string('d', FrameworksModel.DescriptionLength + 1)));
        Assert.Empty(Check(" " + new string('t', FrameworksModel.TitleLength) + " ", "Fine."));
    }
}
