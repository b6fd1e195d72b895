using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Accreditation.Identity.Tests.Passwords;

/// <summary>
/// The password policy as the Identity module composes it (NCSC and NIST guidance): at least 12 characters, no
/// composition rules, common and trivially guessable passwords refused; and the lockout that backs it.
/// </summary>
public sealed class PasswordPolicyTests : IDisposable
{
    private readonly IdentityServices identity = new();

    private UserManager<PlatformUser> Users => identity.Users;

    /// <summary>Runs every password validator the module registers, as creating or changing a password does; no database is touched.</summary>
    private async Task<IReadOnlyList<IdentityError>> ErrorsFor(string password, string email = "pat.jones@example.gov.uk")
    {
        var user = new PlatformUser { UserName = email, Email = email };
        var errors = new List<IdentityError>();
        foreach (var validator in Users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(Users, user, password)).Errors);
        }

        return errors;
    }

    [Theory]
    [InlineData("heron marble orchard")]   // lower-case words and spaces only
    [InlineData("kestrelmeadowlantern")]   // letters only
    [InlineData("481516234200")]           // digits only, twelve of them, not a run
    public async Task A_long_password_is_accepted_without_digits_capitals_or_symbols(string password)
    {
        Assert.Empty(await ErrorsFor(password));
    }

    [Fact]
    public async Task A_password_of_eleven_characters_is_refused_and_one_of_twelve_is_accepted()
    {
        var error = Assert.Single(await ErrorsFor("tern harbour"[..11]));
        Assert.Equal("PasswordTooShort", error.Code);
        Assert.Equal("Your password must be at least 12 characters. Three random words make a strong password.", error.Description);

        Assert.Empty(await ErrorsFor("tern harbour"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("Password1234")]
    [InlineData("  PASSWORD1234  ")]
    [InlineData("qwertyuiop123")]
    [InlineData("iloveyou1234")]
    public async Task A_password_on_the_common_list_is_refused_whatever_its_case_or_surrounding_spaces(string password)
    {
        var error = Assert.Single(await ErrorsFor(password));
        Assert.Equal("CommonPassword", error.Code);
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("abababababab")]
    [InlineData("123456789012")]
    [InlineData("abcdefghijklm")]
    [InlineData("zyxwvutsrqpo")]
    public async Task A_repeated_character_pair_or_run_of_consecutive_characters_is_refused(string password)
    {
        Assert.Contains(await ErrorsFor(password), e => e.Code == "CommonPassword");
    }

    [Fact]
    public async Task A_password_containing_the_persons_email_name_is_refused()
    {
        var error = Assert.Single(await ErrorsFor("pat.jones is my password", email: "pat.jones@example.gov.uk"));

        Assert.Equal("PasswordContainsEmail", error.Code);
    }

    [Fact]
    public void The_policy_sets_no_composition_rules_and_locks_an_account_for_15_minutes_after_5_failures()
    {
        var options = identity.Get<IOptions<IdentityOptions>>().Value;

        Assert.Equal(12, options.Password.RequiredLength);
        Assert.False(options.Password.RequireDigit);
        Assert.False(options.Password.RequireLowercase);
        Assert.False(options.Password.RequireUppercase);
        Assert.False(options.Password.RequireNonAlphanumeric);
        Assert.Equal(1, options.Password.RequiredUniqueChars);
        Assert.True(options.Lockout.AllowedForNewUsers);
        Assert.Equal(5, options.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Lockout.DefaultLockoutTimeSpan);
    }

    public void Dispose() => identity.Dispose();
}
