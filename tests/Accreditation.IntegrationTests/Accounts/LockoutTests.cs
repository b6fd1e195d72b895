using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Accounts;

/// <summary>Five failed sign-ins lock the account for 15 minutes (by the site's clock), whatever address they come from.</summary>
public sealed class LockoutTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task After_five_wrong_passwords_the_right_one_is_refused_with_the_same_words_until_15_minutes_have_passed()
    {
        const string email = "guessed-at@example.gov.uk";
        var id = await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await client.SignInWithPasswordAsync(email, $"wrong password number {attempt}");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("Enter a correct email address and password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var locked = await site.CreateBrowserLikeClient().SignInWithPasswordAsync(email, People.Password); // another address, the right password

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var page = Pages.Parse(await locked.Content.ReadAsStringAsync());
        Assert.Equal("Enter a correct email address and password", page.QuerySelector("#Email-error")?.TextContent.Replace("Error:", "", StringComparison.Ordinal).Trim());
        Assert.Contains("wait 15 minutes and try again, or reset your password", page.QuerySelector("#sign-in-advice")?.TextContent, StringComparison.Ordinal);
        var user = await site.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByIdAsync(id));
        Assert.Equal(site.Clock.GetUtcNow().AddMinutes(15), user!.LockoutEnd);
        var actions = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .Where(a => a.RecordId == id).Select(a => a.Action).ToListAsync());
        Assert.Equal(4, actions.Count(a => a == "account.sign-in-failed"));
        Assert.Equal(2, actions.Count(a => a == "account.locked-out"));

        site.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("/", (await site.CreateBrowserLikeClient().SignInAsync(email, People.Password)).Headers.Location?.OriginalString);
    }
}
