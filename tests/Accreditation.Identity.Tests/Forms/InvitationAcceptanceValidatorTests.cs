using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Identity.Invitations;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.Tests.Forms;

/// <summary>The invitation form's checks: the invitee's name and a password held to the site's policy, in their words.</summary>
public sealed class InvitationAcceptanceValidatorTests : IDisposable
{
    private readonly IdentityServices identity = new();

    // The password policy's validators run as on the page; no database is touched.
    private async Task<List<FormError>> CheckAsync(string? name, string? password, string? confirm)
    {
        var person = new PlatformUser { UserName = "sam.patel@example.gov.uk", Email = "sam.patel@example.gov.uk" };
        var validator = new InvitationAcceptanceValidator(identity.Users, person);
        return (await validator.ValidateAsync(new InvitationAcceptanceInput(name, password, confirm))).ToFormErrors();
    }

    [Fact]
    public async Task A_name_and_a_long_password_typed_twice_pass()
    {
        Assert.Empty(await CheckAsync("Sam Patel", "heron marble orchard", "heron marble orchard"));
    }

    [Fact]
    public async Task An_empty_form_asks_for_the_name_and_a_password()
    {
        Assert.Equal(
            [new FormError("DisplayName", "Enter your full name"), new FormError("Password", "Enter a password")],
            await CheckAsync("  ", "", ""));
    }

    [Fact]
    public async Task A_name_too_long_or_on_two_lines_is_refused()
    {
        var message = new FormError("DisplayName", "Your name must be 200 characters or fewer, on one line");
        Assert.Equal([message], await CheckAsync(new string('n', 201), "heron marble orchard", "heron marble orchard"));
        Assert.Equal([message], await CheckAsync("Sam\nPatel", "heron marble orchard", "heron marble orchard"));
    }

    [Fact]
    public async Task A_short_password_gets_the_policy_words_and_a_mismatch_is_named()
    {
        Assert.Equal(
            [
                new FormError("Password", "Your password must be at least 12 characters. Three random words make a strong password."),
                new FormError("ConfirmPassword", "The passwords do not match"),
            ],
            await CheckAsync("Sam Patel", "tern harbou", "tern harbour"));
    }

    public void Dispose() => identity.Dispose();
}
