using System.Net;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.Security;

/// <summary>The site with a small per-address limit (5 failures in 15 minutes) and a known reverse proxy.</summary>
public sealed class RateLimitedSite : PlatformFactory
{
    /// <summary>The reverse proxy in front of the site.</summary>
    public const string Proxy = "192.0.2.200";

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownProxies:0"] = Proxy,
        ["RateLimits:SignInFailuresPerAddress"] = "5",
    };
}

/// <summary>Failed sign-in attempts are limited per client address (counted in the database): the sixth failure is refused with 429.</summary>
public sealed class SignInRateLimitTests(RateLimitedSite site) : IClassFixture<RateLimitedSite>
{
    private HttpClient ClientFrom(string address)
    {
        var client = site.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    private static Task<HttpResponseMessage> TryAsync(HttpClient client) =>
        client.SignInWithPasswordAsync("nobody@example.gov.uk", "not the right password at all");

    [Fact]
    public async Task After_five_failures_from_one_address_the_next_attempt_is_refused_with_a_clear_message_until_the_window_has_passed()
    {
        var client = ClientFrom("203.0.113.1");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(client)).StatusCode);
        }

        var sixth = await TryAsync(client);

        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.InRange(sixth.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 900);
        Assert.Equal("text/html", sixth.Content.Headers.ContentType?.MediaType);
        var page = Pages.Parse(await sixth.Content.ReadAsStringAsync());
        Assert.Equal("Too many attempts", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains("minutes, then try again", page.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode); // showing the form is not limited

        site.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(client)).StatusCode);
    }

    [Fact]
    public async Task Signing_in_correctly_does_not_count_so_an_office_sharing_an_address_is_not_held_back()
    {
        const string email = "busy-office@example.gov.uk";
        await site.CreatePersonAsync(email);
        for (var person = 1; person <= 8; person++)
        {
            Assert.Equal("/", (await ClientFrom("203.0.113.20").SignInAsync(email, People.Password)).Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task Another_address_is_not_held_back_by_the_first_ones_attempts()
    {
        var busy = ClientFrom("203.0.113.2");
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await TryAsync(busy);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(busy)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(ClientFrom("203.0.113.3"))).StatusCode);
    }

    [Fact]
    public async Task Behind_the_known_proxy_each_forwarded_client_address_has_its_own_limit()
    {
        var first = ClientFrom(RateLimitedSite.Proxy);
        first.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.50");
        var second = ClientFrom(RateLimitedSite.Proxy);
        second.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.51");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(first)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryAsync(second)).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_an_unknown_sender_is_ignored()
    {
        // Someone not behind our proxy cannot escape the limit by inventing X-Forwarded-For values.
        var client = ClientFrom("203.0.113.60");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.18.0.{attempt}");
            Assert.Equal(HttpStatusCode.OK, (await TryAsync(client)).StatusCode);
        }

        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.18.0.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync(client)).StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Clients_are_counted_by_ipv4_address_or_ipv6_network(string address, string partition)
    {
        Assert.Equal(partition, Web.Infrastructure.PlatformWeb.ClientPartition(System.Net.IPAddress.Parse(address)));
    }
}
