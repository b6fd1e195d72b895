using System.Net;
using Accreditation.Core.Security;
using Accreditation.IntegrationTests.PeopleAdmin;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.TwoFactorAuth;

/// <summary>A site configured not to require two-factor authentication for privileged roles.</summary>
public sealed class SiteWithoutRequiredTwoFactor : PeopleSite
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Identity:RequireTwoFactor"] = "false",
    };
}

/// <summary>Identity:RequireTwoFactor=false turns the requirement off (it is on unless configured off).</summary>
public sealed class TwoFactorSwitchTests(SiteWithoutRequiredTwoFactor site) : IClassFixture<SiteWithoutRequiredTwoFactor>
{
    [Fact]
    public async Task With_the_requirement_switched_off_an_assessor_goes_where_they_like_without_setting_it_up()
    {
        const string email = "assessor@switched-off.example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Assessor], twoFactor: false);
        var client = site.CreateBrowserLikeClient();

        Assert.Equal("/", (await client.SignInWithPasswordAsync(email, Testing.People.Password)).Headers.Location?.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
    }
}
