using System.Net;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Auditing;

/// <summary>
/// The audit trail records who did what, when, from where and to which record, for sign-in, sign-out, password
/// changes and module changes; and nothing can change or remove an entry once written.
/// </summary>
public sealed class AuditTrailTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private static int addresses;

    /// <summary>A browser at an address of its own (each test signs in from its own, clear of the others' rate limit).</summary>
    private (HttpClient Client, string Address) NewBrowser()
    {
        var address = $"203.0.113.{Interlocked.Increment(ref addresses)}";
        var client = site.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Remove(TestClientAddress.Header);
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return (client, address);
    }

    private Task<List<AuditEntry>> EntriesAsync(string action, string? recordId = null) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Action == action && (recordId == null || a.RecordId == recordId)).ToListAsync());

    private Task<string> AdminIdAsync() =>
        site.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<PlatformUser>>().FindByEmailAsync(PlatformFactory.AdminEmail))!.Id);

    [Fact]
    public async Task A_successful_sign_in_records_who_when_from_where_and_which_account()
    {
        const string email = "signs-in@example.gov.uk";
        var id = await site.CreatePersonAsync(email);

        var (client, address) = NewBrowser();
        await client.SignInAsync(email, People.Password);

        var entry = Assert.Single(await EntriesAsync("account.signed-in", id));
        Assert.Equal(id, entry.UserId);
        Assert.Equal(email, entry.UserName);
        Assert.Equal(site.Clock.GetUtcNow(), entry.At);
        Assert.Equal(address, entry.IpAddress);
        Assert.Equal("/account/sign-in/two-factor", entry.Path); // signing in ends with the second factor
        Assert.Equal("User", entry.RecordType);
        Assert.Matches("^[0-9a-f]{32}$", entry.CorrelationId);
    }

    [Fact]
    public async Task A_failed_sign_in_is_recorded_against_the_account_with_the_reason_and_without_the_password()
    {
        const string email = "mistypes@example.gov.uk";
        var id = await site.CreatePersonAsync(email);

        var (client, address) = NewBrowser();
        await client.SignInAsync(email, "a wrong password typed here");
        await client.SignInAsync("nobody-by-this-name@example.gov.uk", "another wrong password");

        var wrong = Assert.Single(await EntriesAsync("account.sign-in-failed", id));
        Assert.Null(wrong.UserId); // nobody was signed in
        Assert.Equal("wrong password", wrong.Details);
        Assert.Equal(address, wrong.IpAddress);
        var unknown = await EntriesAsync("account.sign-in-failed");
        Assert.Contains(unknown, e => e.RecordId is null && e.Details == "unknown account");
        Assert.DoesNotContain(unknown, e => (e.Details ?? "").Contains("wrong password typed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Signing_out_is_recorded_as_the_person_who_signed_out()
    {
        const string email = "signs-out@example.gov.uk";
        var id = await site.CreatePersonAsync(email);
        var (client, address) = NewBrowser();
        await client.SignInAsync(email, People.Password);

        var response = await client.PostFormAsync("/account/sign-out", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await EntriesAsync("account.signed-out", id));
        Assert.Equal(id, entry.UserId);
        Assert.Equal(email, entry.UserName);
        Assert.Equal("/account/sign-out", entry.Path);
        Assert.Equal(address, entry.IpAddress);
    }

    [Fact]
    public async Task Changing_a_password_is_recorded()
    {
        const string email = "changes-password@example.gov.uk";
        var id = await site.CreatePersonAsync(email);
        var (client, address) = NewBrowser();
        await client.SignInAsync(email, People.Password);

        await client.PostFormAsync("/account/change-password", new Dictionary<string, string>
        {
            ["CurrentPassword"] = People.Password,
            ["NewPassword"] = "puffin granite meadow",
            ["ConfirmPassword"] = "puffin granite meadow",
        });

        var entry = Assert.Single(await EntriesAsync("account.password-changed", id));
        Assert.Equal(id, entry.UserId);
        Assert.Equal("/account/change-password", entry.Path);
        Assert.Equal(address, entry.IpAddress);
    }

    [Fact]
    public async Task Disabling_and_enabling_a_module_is_recorded_with_the_admin_and_the_module()
    {
        var adminId = await AdminIdAsync();
        var (client, address) = NewBrowser();
        await client.SignInAsAdminAsync();

        // Identity is always on and other modules need Frameworks, so the test switches Research off and on.
        await client.PostFormAsync("/admin/modules", new Dictionary<string, string> { ["id"] = Research.Manifest.Id }, "/admin/modules?handler=Disable");
        await client.PostFormAsync("/admin/modules", new Dictionary<string, string> { ["id"] = Research.Manifest.Id }, "/admin/modules?handler=Enable");

        foreach (var action in new[] { "module.disabled", "module.enabled" })
        {
            var entry = Assert.Single(await EntriesAsync(action, Research.Manifest.Id));
            Assert.Equal(adminId, entry.UserId);
            Assert.Equal("Module", entry.RecordType);
            Assert.Equal(address, entry.IpAddress);
        }
    }

    [Fact]
    public async Task Changing_an_entry_through_the_model_is_refused()
    {
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var entry = await db.AuditEntries.FirstAsync();
            entry.Details = "rewritten history";

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Deleting_an_entry_through_the_model_is_refused()
    {
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        });
    }

    [Fact]
    public async Task The_database_itself_refuses_bulk_updates_and_deletes_of_the_trail()
    {
        var before = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking().ToListAsync());
        Assert.NotEmpty(before);

        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var update = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(
                () => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, "rewritten history")));
            Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.AuditEntries.ExecuteDeleteAsync());
            if (db.IsPostgreSql)
            {
                await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\""));
            }
        });

        var after = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AsNoTracking().ToListAsync());
        Assert.Equal(before.Count, after.Count);
        Assert.DoesNotContain(after, a => a.Details == "rewritten history");
    }
}
