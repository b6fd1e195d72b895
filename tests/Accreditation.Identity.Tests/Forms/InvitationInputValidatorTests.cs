using Accreditation.Core.Forms;
using Accreditation.Core.Security;
using Accreditation.Identity.Invitations;

namespace Accreditation.Identity.Tests.Forms;

/// <summary>The invite form's checks, in the admin's words and the order the form shows them.</summary>
public sealed class InvitationInputValidatorTests
{
    private const string Format = "Enter an email address in the correct format, like name@example.gov.uk";

    private static readonly Guid Kent = Guid.Parse("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");

    private static List<FormError> Check(string? email, Guid? organisation, params string[] roles) =>
        InvitationInputValidator.Instance.Validate(new InvitationInput(email, organisation, roles)).ToFormErrors();

    [Fact]
    public void An_address_an_organisation_and_a_role_pass()
    {
        Assert.Empty(Check("sam.patel@kent.example.gov.uk", Kent, Roles.Candidate));
        Assert.Empty(Check("  sam.patel@kent.example.gov.uk  ", Kent, Roles.Endorser, Roles.OrganisationAdmin));
    }

    [Fact]
    public void An_empty_form_names_each_field_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("Email", "Enter the email address of the person to invite"),
                new FormError("OrganisationId", "Select the organisation they will belong to"),
                new FormError("Roles", "Select at least one role"),
            ],
            Check("  ", null));
        Assert.Equal([new FormError("Email", "Enter the email address of the person to invite")], Check(null, Kent, Roles.Candidate));
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("sam@localhost")]
    [InlineData("Sam Patel <sam.patel@kent.example.gov.uk>")]
    public void An_address_of_the_wrong_form_is_named(string email)
    {
        Assert.Equal([new FormError("Email", Format)], Check(email, Kent, Roles.Candidate));
    }

    [Fact]
    public void An_address_over_256_characters_is_named()
    {
        var local = new string('s', 64);
        var fits = local + "@" + new string('k', 256 - 64 - 1 - ".gov.uk".Length) + ".gov.uk";
        Assert.Equal(256, fits.Length);
        Assert.Empty(Check(fits, Kent, Roles.Candidate));
        Assert.Equal([new FormError("Email", Format)], Check("s" + fits, Kent, Roles.Candidate));
    }
}
