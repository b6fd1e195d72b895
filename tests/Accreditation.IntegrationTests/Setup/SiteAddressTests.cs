using System.Net;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Accreditation.IntegrationTests.PeopleAdmin;
using Accreditation.IntegrationTests.Security;
using Accreditation.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Accreditation.IntegrationTests.Setup;

/// <summary>The people site with no Site:BaseUrl: in Testing (as in Development) the site's address is the fixed local one.</summary>
public sealed class UnaddressedSite : PeopleSite
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings) { ["Site:BaseUrl"] = null };
}

/// <summary>A production site whose Site:BaseUrl is missing or plain http: it must not start.</summary>
public sealed class MisaddressedProductionSite(string? address) : ProductionSite
{
    /// <inheritdoc />
    protected override string? BaseUrl => address;
}

/// <summary>
/// One canonical address: Site:BaseUrl is required outside Development and Testing, and every absolute link comes from it
/// (or, in Development and Testing without it, from a fixed local address), never from the Host or X-Forwarded-Host header.
/// </summary>
public sealed class SiteAddressTests(UnaddressedSite site) : IClassFixture<UnaddressedSite>
{
    [Fact]
    public async Task Without_site_base_url_password_reset_and_invitation_links_use_the_fixed_local_address_never_a_forged_host()
    {
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        const string resetEmail = "reset-local@kent.example.gov.uk";
        await site.PersonAsync(resetEmail, kent, Roles.Candidate);
        var visitor = site.CreateBrowserLikeClient().WithForgedHost();

        await visitor.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = resetEmail });

        var reset = Assert.Single(await site.EmailsToAsync(resetEmail));
        Assert.StartsWith(SiteAddress.LocalDefault + "account/reset-password?", reset.Link, StringComparison.Ordinal);
        ForgedHost.AssertOnlyOn(SiteAddress.LocalDefault, reset.TextBody);

        const string invited = "invited-local@kent.example.gov.uk";
        var admin = (await site.AdminAsync()).WithForgedHost();
        await admin.InviteAsync(site, invited, kent, Roles.Candidate);
        var invitation = Assert.Single(await site.EmailsToAsync(invited));
        Assert.StartsWith(SiteAddress.LocalDefault + "account/invitation", invitation.Link, StringComparison.Ordinal);
        ForgedHost.AssertOnlyOn(SiteAddress.LocalDefault, invitation.TextBody);
    }

    [Theory]
    [InlineData(null, "Site:BaseUrl is not set")]
    [InlineData("http://accreditation.example.gov.uk", "Site:BaseUrl must be an https address outside Development")]
    [InlineData("https://accreditation.example.gov.uk/some/path", "Site:BaseUrl must be the site's address")]
    public void A_production_site_without_an_https_site_base_url_refuses_to_start_and_names_the_key(string? address, string message)
    {
        using var production = new MisaddressedProductionSite(address);

        var error = Assert.ThrowsAny<Exception>(() => production.Server);

        Assert.Contains(message, Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public void Deprecated_keys_still_give_the_address_when_they_agree_and_stop_start_up_when_they_do_not()
    {
        var production = new HostingEnvironment { EnvironmentName = "Production" };
        static IConfiguration Settings(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

        var old = SiteAddress.FromConfiguration(Settings(("Publishing:BaseUrl", "https://accreditation.example.gov.uk/")), production);
        Assert.Equal("https://accreditation.example.gov.uk/", old.Root.AbsoluteUri);
        Assert.Equal(["Publishing:BaseUrl"], old.DeprecatedKeysInUse);

        var agreeing = SiteAddress.FromConfiguration(Settings(("Site:BaseUrl", "https://accreditation.example.gov.uk"), ("OpenIddict:Issuer", "https://accreditation.example.gov.uk/")), production);
        Assert.Equal("https://accreditation.example.gov.uk/", agreeing.Root.AbsoluteUri);

        var error = Assert.Throws<InvalidOperationException>(() => SiteAddress.FromConfiguration(
            Settings(("Site:BaseUrl", "https://accreditation.example.gov.uk"), ("Research:BaseUrl", "https://research.example.gov.uk")), production));
        Assert.Contains("Research:BaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("Site:BaseUrl", error.Message, StringComparison.Ordinal);

        var local = SiteAddress.FromConfiguration(Settings(), new HostingEnvironment { EnvironmentName = "Development" });
        Assert.Equal(SiteAddress.LocalDefault, local.Root.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => local.Link("//evil.example/x"));
    }

    private static string Messages(Exception error)
    {
        var all = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            all.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                all.AddRange(aggregate.InnerExceptions.Select(Messages));
            }
        }

        return string.Join(" | ", all);
    }
}
