using System.Net;
using Accreditation.OpenIdConnect.Tests.Support;

namespace Accreditation.OpenIdConnect.Tests.Server;

/// <summary>The site with a low token-endpoint limit, so the test need not send sixty requests.</summary>
public sealed class TokenLimitedSite : ConnectSite
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings) { ["RateLimits:TokenPerMinute"] = "3" };
}

/// <summary>The token endpoint is rate limited per client address.</summary>
public sealed class TokenRateLimitTests(TokenLimitedSite site) : IClassFixture<TokenLimitedSite>
{
    [Fact]
    public async Task The_token_endpoint_answers_429_past_its_limit_from_one_address()
    {
        var client = new OidcClient(site.CreateSystemClient(), "guessing-client", "not the secret at all, just guessing", "");
        await client.DiscoverAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.ClientCredentialsAsync("accreditation.read")).Status);
        }

        var refused = await client.ClientCredentialsAsync("accreditation.read");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateSystemClient().GetAsync("/.well-known/openid-configuration")).StatusCode);
    }
}
