using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Accounts;

/// <summary>A site whose sign-in rate limit is out of the way, so that only the account lockout acts.</summary>
public sealed class SiteWithoutSignInRateLimit : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "1000" };
}

/// <summary>Five failed sign-ins lock the account for 15 minutes, whatever address they come from.</summary>
public sealed class LockoutTests(SiteWithoutSignInRateLimit site) : IClassFixture<SiteWithoutSignInRateLimit>
{
    [Fact]
    public async Task After_five_wrong_passwords_the_sixth_attempt_is_refused_as_locked_even_with_the_right_password()
    {
        const string email = "guessed-at@example.gov.uk";
        var id = await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var wrong = await client.SignInAsync(email, $"wrong password number {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Enter a correct email address and password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await client.SignInAsync(email, "wrong password number 5");
        var sixth = await site.CreateBrowserLikeClient().SignInAsync(email, People.Password); // another address, the right password

        const string locked = "This account is locked after too many failed attempts. Try again in 15 minutes.";
        Assert.Contains(locked, await fifth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, sixth.StatusCode);
        var page = Pages.Parse(await sixth.Content.ReadAsStringAsync());
        Assert.Equal(locked, page.QuerySelector("#Email-error")?.TextContent.Replace("Error:", "", StringComparison.Ordinal).Trim());
        var user = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByIdAsync(id));
        Assert.InRange(user!.LockoutEnd!.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(15));
        var actions = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .Where(a => a.RecordId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(4, actions.Count(a => a == "account.sign-in-failed"));
        Assert.Equal(2, actions.Count(a => a == "account.locked-out"));
    }
}
