using System.Net;
using Accreditation.Testing;
using AngleSharp.Html.Dom;

namespace Accreditation.IntegrationTests.Accounts;

/// <summary>
/// The change-password page applies the password policy (at least 12 characters, no composition rules, no common
/// passwords) and shows what is wrong next to the field.
/// </summary>
public sealed class PasswordPolicyTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private async Task<HttpClient> SignedInPersonAsync()
    {
        var email = $"policy-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string newPassword, string? current = null, string? confirm = null) =>
        client.PostFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = current ?? People.Password,
            ["NewPassword"] = newPassword,
            ["ConfirmPassword"] = confirm ?? newPassword,
        });

    private static async Task<IHtmlDocument> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Pages.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string? ErrorNextTo(IHtmlDocument page, string field) =>
        page.QuerySelector($"#{field}-error")?.TextContent.Replace("Error:", "", StringComparison.Ordinal).Trim();

    [Fact]
    public async Task A_password_shorter_than_twelve_characters_is_refused_next_to_the_new_password_field()
    {
        var client = await SignedInPersonAsync();

        var page = await RefusedAsync(await ChangeAsync(client, "eleven char"));

        Assert.Equal("Your password must be at least 12 characters. Three random words make a strong password.", ErrorNextTo(page, "NewPassword"));
        Assert.Contains("govuk-form-group--error", page.QuerySelector("#NewPassword")!.ParentElement!.ClassName, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#NewPassword']"));
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop123")]
    public async Task A_common_password_is_refused_next_to_the_new_password_field(string common)
    {
        var client = await SignedInPersonAsync();

        var page = await RefusedAsync(await ChangeAsync(client, common));

        Assert.Equal("This password is too common and easy to guess. Choose a different one, for example three random words.", ErrorNextTo(page, "NewPassword"));
    }

    [Fact]
    public async Task A_long_password_of_lower_case_words_is_accepted_without_digits_capitals_or_symbols()
    {
        var client = await SignedInPersonAsync();

        var response = await ChangeAsync(client, "heron marble orchard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_next_to_the_current_password_field()
    {
        var client = await SignedInPersonAsync();

        var page = await RefusedAsync(await ChangeAsync(client, "heron marble orchard", current: "not my password at all"));

        Assert.Equal("Your current password is not correct", ErrorNextTo(page, "CurrentPassword"));
        Assert.Null(ErrorNextTo(page, "NewPassword"));
    }

    [Fact]
    public async Task A_confirmation_that_does_not_match_is_refused_next_to_the_confirmation_field()
    {
        var client = await SignedInPersonAsync();

        var page = await RefusedAsync(await ChangeAsync(client, "heron marble orchard", confirm: "heron marble orchid"));

        Assert.Equal("The passwords do not match", ErrorNextTo(page, "ConfirmPassword"));
    }
}
