using System.Net;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Notifications.Tests;

/// <summary>The admin email pages: permission enforced, test email sent by the background dispatcher, outbox search and paging.</summary>
public sealed class AdminEmailTests(BackgroundDispatchSite site) : IClassFixture<BackgroundDispatchSite>
{
    private const string CandidatePassword = "harbour violet compass 77";

    [Theory]
    [InlineData("/admin/email")]
    [InlineData("/admin/email/test")]
    [InlineData("/admin/email/templates")]
    [InlineData("/admin/email/templates/test-email")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await site.CreateBrowserLikeClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/email")]
    [InlineData("/admin/email/test")]
    [InlineData("/admin/email/templates/test-email")]
    public async Task People_without_the_email_permission_are_refused_with_403(string url)
    {
        var email = await CandidateAsync();
        var client = site.CreateBrowserLikeClient();
        var signIn = await client.SignInAsync(email, CandidatePassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var response = await client.GetAsync(url);

        Assert.Equal("/account/access-denied", response.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);
        var post = await client.PostAsync("/admin/email?handler=Retry", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString() }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.True(post.StatusCode != HttpStatusCode.Redirect || post.Headers.Location?.AbsolutePath == "/account/access-denied", $"the retry answered {(int)post.StatusCode} {post.Headers.Location}");
    }

    [Fact]
    public async Task An_admin_sends_a_test_email_and_the_background_dispatcher_delivers_it()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var to = EmailSiteExtensions.NewAddress("admin-test");

        var response = await client.PostFormAsync("/admin/email/test", new Dictionary<string, string> { ["To"] = to });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/email", response.Headers.Location?.OriginalString);
        var outbox = await client.GetDocumentAsync("/admin/email");
        Assert.Contains($"A test email to {to} is queued", outbox.QuerySelector(".govuk-notification-banner")?.TextContent, StringComparison.Ordinal);

        // The background dispatcher runs every 10 s of the site's clock.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<System.Text.Json.JsonElement> delivered = [];
        while (delivered.Count == 0 && DateTime.UtcNow < deadline)
        {
            site.Clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(200);
            delivered = await Maildev.Instance.MessagesToAsync(to);
        }

        var message = Assert.Single(delivered);
        Assert.Equal("Test email from Practice leader accreditation", message.GetProperty("subject").GetString());
        Assert.Contains(PlatformFactory.AdminEmail, message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(PlatformFactory.AdminEmail, message.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Enter an email address")]
    [InlineData("not-an-address", "Enter an email address in the correct format")]
    [InlineData("a@example.gov.uk\r\nBcc: b@example.com", "Enter an email address in the correct format")]
    public async Task A_bad_test_address_is_shown_next_to_the_field_and_nothing_is_queued(string to, string message)
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.PostFormAsync("/admin/email/test", new Dictionary<string, string> { ["To"] = to });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, document.QuerySelector("#To-error")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector(".govuk-error-summary a[href='#To']"));
    }

    [Fact]
    public async Task The_outbox_searches_by_recipient_and_subject_and_pages()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 30; i++)
        {
            await site.QueueAsync(EmailSiteExtensions.Plain($"paging{i}.{marker}@example.gov.uk", $"Cohort {marker} reminder {i}"));
        }

        await site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress(), $"Only by subject {marker.ToUpperInvariant()}"));
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var first = await client.GetDocumentAsync($"/admin/email?q={marker}");
        Assert.Contains("31 messages", first.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(25, first.QuerySelectorAll("tr[data-message-id]").Length);
        Assert.Equal($"/admin/email?q={marker}&pageNumber=2", first.QuerySelector(".govuk-pagination__next a")?.GetAttribute("href"));
        Assert.NotNull(first.QuerySelector("nav.app-side-navigation a[href='/admin/email']")); // the admin layout, with the module's menu entry

        var second = await client.GetDocumentAsync($"/admin/email?q={marker}&pageNumber=2");
        Assert.Equal(6, second.QuerySelectorAll("tr[data-message-id]").Length);

        var byRecipient = await client.GetDocumentAsync($"/admin/email?q=paging7.{marker}");
        Assert.Single(byRecipient.QuerySelectorAll("tr[data-message-id]"));

        var byStatus = await client.GetAsync($"/admin/email?q={marker}&status=Nonsense");
        Assert.Equal(HttpStatusCode.OK, byStatus.StatusCode);
    }

    private async Task<string> CandidateAsync()
    {
        var email = EmailSiteExtensions.NewAddress("candidate");
        await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Candidate", CreatedAt = site.Clock.GetUtcNow() };
            var created = await users.CreateAsync(user, CandidatePassword);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, Roles.Candidate)).Succeeded);
        });
        return email;
    }
}
