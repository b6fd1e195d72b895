using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Cpd.Reminders;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Notifications.Outbox;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Reminders;

/// <summary>A site of its own: these tests move the clock.</summary>
public sealed class ReminderSite : CpdSite;

/// <summary>Reminder emails go out on the right UK dates, never twice, and never to people who opted out.</summary>
public sealed class ReminderTests(ReminderSite site) : IClassFixture<ReminderSite>
{
    private async Task RunRemindersAsync() => await site.WithScopeAsync(sp => site.Services.GetRequiredService<CpdReminders>().RoundAsync(sp, CancellationToken.None));

    private Task<List<(string Subject, string Body)>> EmailsToAsync(Person person) => site.WithScopeAsync(async sp =>
        (await sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(e => e.RecipientAddresses.Contains(person.Email))
            .Select(e => new { e.Subject, e.TextBody }).ToListAsync())
        .Select(e => (e.Subject, e.TextBody)).ToList());

    [Fact]
    public async Task November_reminds_only_people_whose_year_is_not_met_then_1_September_reminds_everyone_once_except_those_who_opted_out()
    {
        // The clock starts on 2 November 2026, the last month of 2025-26.
        var behind = await site.PersonAsync(Roles.Candidate);
        var done = await site.PersonAsync(Roles.Candidate);
        var optedOut = await site.PersonAsync(Roles.Candidate);
        var admin = await site.PersonAsync(Roles.OrganisationAdmin, Guid.NewGuid());
        await site.RecordAsync(done, CpdSite.RecordFields("Course", new DateOnly(2026, 3, 2)));
        await site.RecordAsync(done, CpdSite.RecordFields("Supervision", new DateOnly(2026, 4, 2), peer: true));
        await site.RecordAsync(behind, CpdSite.RecordFields("Only one", new DateOnly(2026, 4, 2)));
        var optOut = await optedOut.Client.PostFormAsync("/cpd/reminders", new Dictionary<string, string> { ["Wanted"] = "no" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, optOut.StatusCode);

        await RunRemindersAsync();
        await RunRemindersAsync();

        var november = Assert.Single(await EmailsToAsync(behind));
        Assert.Contains("2025-26", november.Subject, StringComparison.Ordinal);
        Assert.Contains("30 November 2026", november.Subject, StringComparison.Ordinal);
        Assert.Contains("Record at least 1 more", november.Body, StringComparison.Ordinal);
        Assert.Contains("peer reflection", november.Body, StringComparison.Ordinal);
        Assert.Empty(await EmailsToAsync(done));
        Assert.Empty(await EmailsToAsync(optedOut));
        Assert.Empty(await EmailsToAsync(admin));

        site.Clock.SetUtcNow(new DateTimeOffset(2027, 8, 31, 22, 30, 0, TimeSpan.Zero)); // 31 August, 11:30pm in the UK
        await RunRemindersAsync();
        Assert.Single(await EmailsToAsync(behind));
        Assert.Empty(await EmailsToAsync(done));

        site.Clock.SetUtcNow(new DateTimeOffset(2027, 8, 31, 23, 30, 0, TimeSpan.Zero)); // 1 September, 12:30am in the UK
        await RunRemindersAsync();
        await RunRemindersAsync();

        Assert.Equal(2, (await EmailsToAsync(behind)).Count);
        var window = Assert.Single(await EmailsToAsync(done));
        Assert.Contains("2026-27", window.Subject, StringComparison.Ordinal);
        Assert.Contains("renewal window is open", window.Subject, StringComparison.Ordinal);
        Assert.Contains("1 September 2027", window.Body, StringComparison.Ordinal);
        // Links on the site's one address (Site:BaseUrl; unset here, so Testing's fixed local address), never another.
        Assert.Contains(Accreditation.Core.Web.SiteAddress.LocalDefault + "cpd/reminders", window.Body, StringComparison.Ordinal);
        ForgedHost.AssertOnlyOn(Accreditation.Core.Web.SiteAddress.LocalDefault, window.Body, atLeast: 2);
        Assert.Empty(await EmailsToAsync(optedOut));
        Assert.Empty(await EmailsToAsync(admin));
    }
}
