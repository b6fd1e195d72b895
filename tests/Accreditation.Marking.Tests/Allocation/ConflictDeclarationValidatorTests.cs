using Accreditation.Core.Forms;
using Accreditation.Marking.Allocation;

namespace Accreditation.Marking.Tests.Allocation;

/// <summary>The conflict of interest form's checks, in the assessor's words.</summary>
public sealed class ConflictDeclarationValidatorTests
{
    private static List<FormError> Check(string? organisation, string? email, string? note = null) =>
        ConflictDeclarationValidator.Instance.Validate(new ConflictDeclaration(organisation, email, note)).ToFormErrors();

    [Fact]
    public void An_organisation_or_a_person_with_a_short_note_passes()
    {
        Assert.Empty(Check("E08000035", null));
        Assert.Empty(Check(" ", " Someone@Example.gov.uk ", new string('n', 500)));
    }

    [Fact]
    public void Both_or_neither_is_named_on_the_organisation()
    {
        const string message = "Enter an organisation or a person's email address (one at a time)";
        Assert.Equal([new FormError("Organisation", message)], Check("E08000035", "someone@example.gov.uk"));
        Assert.Equal([new FormError("Organisation", message)], Check("", "  "));
    }

    [Fact]
    public void An_email_address_of_the_wrong_form_is_named()
    {
        const string message = "Enter an email address in the correct format, like name@example.gov.uk";
        Assert.Equal([new FormError("PersonEmail", message)], Check(null, "not an address"));
        Assert.Equal([new FormError("PersonEmail", message)], Check(null, new string('a', 250) + "@example.gov.uk"));
    }

    [Fact]
    public void A_note_too_long_is_named_after_the_other_fields()
    {
        Assert.Equal(
            [new FormError("PersonEmail", "Enter an email address in the correct format, like name@example.gov.uk"), new FormError("Note", "The note must be 500 characters or fewer")],
            Check(null, "nobody", new string('n', 501)));
    }
}
