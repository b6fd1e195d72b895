using System.Data.Common;
using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.SignIn;

/// <summary>Counts password-hash checks, to show that unknown and locked accounts do the same work as a wrong password.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<PlatformUser> inner) : IPasswordHasher<PlatformUser>
{
    private int verified;

    /// <summary>Checks made so far.</summary>
    public int Verified => Volatile.Read(ref verified);

    /// <inheritdoc />
    public string HashPassword(PlatformUser user, string password) => inner.HashPassword(user, password);

    /// <inheritdoc />
    public PasswordVerificationResult VerifyHashedPassword(PlatformUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verified);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>A site whose password hasher counts its checks.</summary>
public sealed class CountingHasherSite : PlatformFactory
{
    /// <summary>The hasher.</summary>
    public CountingPasswordHasher Hasher { get; } = new(new PasswordHasher<PlatformUser>());

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<PlatformUser>>(Hasher));
    }
}

/// <summary>Authenticator codes work once per person and time step, within one step of now.</summary>
public sealed class AuthenticatorCodeTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private static async Task<HttpResponseMessage> CodeStepAsync(HttpClient client, string email, string code)
    {
        var password = await client.SignInWithPasswordAsync(email, People.Password);
        Assert.Equal(TwoFactor.SignInStepPath, password.Headers.Location?.OriginalString);
        return await client.PostFormAsync(TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = code });
    }

    [Fact]
    public async Task A_code_is_refused_the_second_time_even_in_a_new_session()
    {
        const string email = "replayed@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var key = await site.EnableTwoFactorAsync(email);
        var code = TwoFactor.CodeAt(key, TwoFactor.StepOf(site.Clock.GetUtcNow()));

        var first = await CodeStepAsync(site.CreateBrowserLikeClient(), email, code);
        var again = site.CreateBrowserLikeClient();
        var replayed = await CodeStepAsync(again, email, code);

        Assert.Equal("/", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("has been used already", Pages.Parse(await replayed.Content.ReadAsStringAsync()).QuerySelector("#Code-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in", (await again.GetAsync("/account")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task A_code_two_steps_old_is_refused_and_one_step_old_is_accepted()
    {
        const string email = "slow-typist@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var key = await site.EnableTwoFactorAsync(email);
        var now = TwoFactor.StepOf(site.Clock.GetUtcNow());

        var stale = await CodeStepAsync(site.CreateBrowserLikeClient(), email, TwoFactor.CodeAt(key, now - 2));
        var late = await CodeStepAsync(site.CreateBrowserLikeClient(), email, TwoFactor.CodeAt(key, now - 1));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("/", late.Headers.Location?.OriginalString);
    }
}

/// <summary>Unknown and locked accounts get the same answer as a wrong password, after the same work.</summary>
public sealed class AccountExistenceTests(CountingHasherSite site) : IClassFixture<CountingHasherSite>
{
    private static async Task<(HttpStatusCode Status, string Text)> AnswerAsync(HttpResponseMessage response) =>
        (response.StatusCode, Pages.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("main")!.TextContent.Trim());

    [Fact]
    public async Task Locked_and_unknown_accounts_get_the_same_words_and_status_and_both_check_a_password_hash()
    {
        const string email = "locked@example.gov.uk";
        await site.CreatePersonAsync(email);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await site.CreateBrowserLikeClient().SignInWithPasswordAsync(email, $"not it {attempt} at all");
        }

        var before = site.Hasher.Verified;
        var locked = await AnswerAsync(await site.CreateBrowserLikeClient().SignInWithPasswordAsync(email, People.Password));
        var afterLocked = site.Hasher.Verified;
        var unknown = await AnswerAsync(await site.CreateBrowserLikeClient().SignInWithPasswordAsync("nobody-here@example.gov.uk", People.Password));
        var afterUnknown = site.Hasher.Verified;
        var wrong = await AnswerAsync(await site.CreateBrowserLikeClient().SignInWithPasswordAsync(PlatformFactory.AdminEmail, "a wrong password for the admin"));

        Assert.Equal(unknown, locked);
        Assert.Equal(wrong, locked);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Contains("reset your password", locked.Text, StringComparison.Ordinal);
        Assert.Equal(1, afterLocked - before);
        Assert.Equal(1, afterUnknown - afterLocked);
    }
}

/// <summary>Everyone has a second factor before any other page, whatever their role.</summary>
public sealed class SecondFactorForEveryoneTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task People_of_every_role_and_of_none_are_sent_to_set_up_a_second_factor_first()
    {
        foreach (var role in Roles.All.Append("none"))
        {
            var email = $"{role.ToLowerInvariant()}.no-second-factor@example.gov.uk";
            await site.CreatePersonAsync(email, role == "none" ? [] : [role], twoFactor: false);
            var client = site.CreateBrowserLikeClient();
            Assert.Equal("/", (await client.SignInWithPasswordAsync(email, People.Password)).Headers.Location?.OriginalString);

            foreach (var url in new[] { "/", "/account", "/portfolio", "/cpd", "/research" })
            {
                Assert.Equal("/account/two-factor/setup", (await client.GetAsync(url)).Headers.Location?.OriginalString);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/two-factor/setup")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/passkeys/add")).StatusCode);
        }
    }
}

/// <summary>Authenticator keys and recovery codes are not in the database in clear.</summary>
public sealed class SecretsAtRestTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Recovery_codes_and_authenticator_keys_are_not_stored_in_clear_and_still_work()
    {
        const string email = "secrets@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var key = await site.EnableTwoFactorAsync(email);
        var codes = await site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(email))!, 10))!.ToList();
        });

        var stored = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = "SELECT \"Value\" FROM \"AspNetUserTokens\"";
            var values = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
            }

            return string.Join("\n", values);
        });

        Assert.DoesNotContain(key, stored, StringComparison.OrdinalIgnoreCase);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), stored, StringComparison.OrdinalIgnoreCase);
        }

        var client = site.CreateBrowserLikeClient();
        await client.SignInWithPasswordAsync(email, People.Password);
        var recovered = await client.PostFormAsync(TwoFactor.SignInStepPath + "?UseRecoveryCode=true", new Dictionary<string, string> { ["Code"] = codes[3].ToLowerInvariant(), ["UseRecoveryCode"] = "true" });
        Assert.Equal("/", recovered.Headers.Location?.OriginalString);
        Assert.Equal("/", (await site.CreateBrowserLikeClient().SignInAsync(email, People.Password)).Headers.Location?.OriginalString); // the key is read back
    }
}

/// <summary>Changes to how a person signs in ask for the password again once it is more than 5 minutes old.</summary>
public sealed class ReauthenticationTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private const string Confirm = "/account/confirm-identity";

    [Fact]
    public async Task Every_change_to_how_a_person_signs_in_asks_for_the_password_after_5_minutes()
    {
        const string email = "stepped-away@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/change-password")).StatusCode); // just signed in
        var form = await client.GetDocumentAsync("/account/two-factor");
        var token = form.AntiforgeryToken();

        site.Clock.Advance(TimeSpan.FromMinutes(6));

        foreach (var page in new[] { "/account/change-password", "/account/change-email", "/account/two-factor/setup", "/account/passkeys/add" })
        {
            var shown = await client.GetAsync(page);
            Assert.Equal($"{Confirm}?ReturnUrl={Uri.EscapeDataString(page)}", shown.Headers.Location?.OriginalString);
        }

        foreach (var (page, handler) in new[] { ("/account/two-factor", "TurnOff"), ("/account/two-factor", "NewRecoveryCodes"), ("/account/passkeys", "Remove"), ("/account/change-password", ""), ("/account/change-email", "") })
        {
            var posted = await client.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Id"] = "AAAA",
                ["CurrentPassword"] = People.Password,
                ["NewPassword"] = "a brand new password 9",
                ["ConfirmPassword"] = "a brand new password 9",
                ["NewEmail"] = "elsewhere@example.gov.uk",
            }));
            Assert.StartsWith(Confirm + "?ReturnUrl=", posted.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        var wrong = await client.PostFormAsync(Confirm + "?ReturnUrl=%2Faccount%2Fchange-password", new Dictionary<string, string> { ["Password"] = "not my password at all" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var confirmed = await client.PostFormAsync(Confirm + "?ReturnUrl=%2Faccount%2Fchange-password", new Dictionary<string, string> { ["Password"] = People.Password, ["ReturnUrl"] = "/account/change-password" });
        Assert.Equal("/account/change-password", confirmed.Headers.Location?.OriginalString);
        var changed = await client.PostFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = People.Password,
            ["NewPassword"] = "a brand new password 9",
            ["ConfirmPassword"] = "a brand new password 9",
        });
        Assert.Equal("/", changed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Wrong_passwords_when_confirming_identity_count_towards_the_same_lockout_and_the_fifth_ends_the_session()
    {
        const string email = "forgetful@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        var wrongPassword = new Dictionary<string, string> { ["Password"] = "not my password at all" };
        for (var attempt = 1; attempt < 5; attempt++)
        {
            var wrong = await client.PostFormAsync(Confirm, wrongPassword);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("The password is not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var fifth = await client.PostFormAsync(Confirm, wrongPassword);

        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.StartsWith("/account/sign-in", fifth.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("/account/sign-in?ReturnUrl=", (await client.GetAsync("/account")).Headers.Location?.OriginalString, StringComparison.Ordinal);
        var locked = await site.CreateBrowserLikeClient().SignInWithPasswordAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Enter a correct email address and password", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audited = await site.WithScopeAsync(async sp =>
        {
            var id = (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email))!.Id;
            return await sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking()
                .Where(a => a.RecordId == id && a.Action.StartsWith("account.")).OrderBy(a => a.At).Select(a => new { a.Action, a.Details }).ToListAsync();
        });
        Assert.Equal(4, audited.Count(a => a.Action == "account.reauthentication-failed" && a.Details == "wrong password"));
        Assert.Contains(audited, a => a.Action == "account.locked-out" && a.Details == "confirming identity");
    }
}

/// <summary>The sign-in session's cookie and limits, with the default idle timeout (30 minutes) and lifetime (12 hours).</summary>
public sealed class DefaultSessionSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:Session:IdleMinutes"] = "30",
        ["Identity:Session:AbsoluteHours"] = "12",
    };
}

/// <summary>A session ends after 30 minutes idle and 12 hours in all; its cookie is __Host- and Secure.</summary>
public sealed class SessionLimitTests(DefaultSessionSite site) : IClassFixture<DefaultSessionSite>
{
    [Fact]
    public async Task The_sign_in_cookie_is_a_secure_host_cookie()
    {
        const string email = "cookie@example.gov.uk";
        await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        await client.SignInWithPasswordAsync(email, People.Password);
        var step = await client.PostFormAsync(TwoFactor.SignInStepPath, new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(await site.EnableTwoFactorAsync(email)) });

        var cookie = Assert.Single(step.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-accreditation.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_ends_after_30_idle_minutes()
    {
        const string email = "idle@example.gov.uk";
        await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);

        site.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        site.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode); // the last request counts
        site.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal("/account/sign-in", (await client.GetAsync("/account")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task A_busy_session_still_ends_12_hours_after_signing_in()
    {
        const string email = "busy@example.gov.uk";
        await site.CreatePersonAsync(email);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(20))
        {
            site.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        }

        site.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal("/account/sign-in", (await client.GetAsync("/account")).Headers.Location?.AbsolutePath);
    }
}

/// <summary>A site with a small per-address limit, so that sharing it across nodes shows.</summary>
public sealed class SmallAddressLimitSite : PlatformFactory
{
    /// <summary>The settings, for the second node too.</summary>
    public static readonly Dictionary<string, string?> Limits = new() { ["RateLimits:SignInFailuresPerAddress"] = "8" };

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => Limits;
}

/// <summary>Two web nodes on one database count the same attempts: per account and per address.</summary>
public sealed class AttemptLimitAcrossNodesTests(SmallAddressLimitSite site) : IClassFixture<SmallAddressLimitSite>
{
    private static HttpClient From(PlatformFactory node, string address)
    {
        var client = node.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    [Fact]
    public async Task Failures_spread_over_two_nodes_lock_the_account_and_hold_back_the_address_at_the_limit()
    {
        const string email = "two-nodes@example.gov.uk";
        await site.CreatePersonAsync(email);
        await using var other = site.SecondNode(SmallAddressLimitSite.Limits);
        var nodes = new[] { site, other };

        // Five wrong passwords from five addresses, alternating nodes: the account locks at the fifth.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await From(nodes[attempt % 2], $"203.0.113.{attempt + 1}").SignInWithPasswordAsync(email, $"wrong guess {attempt}");
        }

        var user = await other.WithScopeAsync(sp => sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(email));
        Assert.NotNull(user!.LockoutEnd);
        var right = await From(other, "203.0.113.99").SignInWithPasswordAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // refused: the sign-in page again

        // Eight failures from one address over both nodes: the ninth is held back on either node.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await From(nodes[attempt % 2], "198.18.7.7").SignInWithPasswordAsync($"nobody{attempt}@example.gov.uk", "whatever it is 1")).StatusCode);
        }

        foreach (var node in nodes)
        {
            var held = await From(node, "198.18.7.7").SignInWithPasswordAsync("nobody@example.gov.uk", "whatever it is 1");
            Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
            Assert.True(held.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Contains("Too many attempts", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await From(other, "198.18.7.8").SignInWithPasswordAsync("nobody@example.gov.uk", "whatever it is 1")).StatusCode);
    }
}
