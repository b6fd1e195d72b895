using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Cpd.Reminders;

/// <summary>
/// Emails people who keep a CPD record when the renewal window opens (from 1 September, during September) and, during
/// November, when the year's requirement is not met. Each reminder is written to a table in the same transaction as its
/// email, so none is sent twice; people who opted out get none. Dates are UK dates from the injected clock.
/// </summary>
public sealed class CpdReminders : IBackgroundTask, IDisposable
{
    /// <summary>The renewal window reminder.</summary>
    public const string WindowOpens = "window-opens";

    /// <summary>The last-month reminder.</summary>
    public const string LastMonth = "last-month";

    // One round at a time in this process (a test may run a round while the host's runner does); across processes the
    // unique index on (person, kind, year) refuses a second copy.
    private readonly SemaphoreSlim round = new(1, 1);

    /// <inheritdoc />
    public void Dispose() => round.Dispose();

    /// <inheritdoc />
    public TimeSpan Interval => TimeSpan.FromHours(1);

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<IConfiguration>()["Cpd:Reminders:Automatic"] == "false"
            ? Task.CompletedTask // rounds only when called (tests set this so the hourly runner cannot race them)
            : RoundAsync(services, ct);

    /// <summary>Sends every reminder that is due now, once.</summary>
    public async Task RoundAsync(IServiceProvider services, CancellationToken ct)
    {
        await round.WaitAsync(ct);
        try
        {
            await SendDueAsync(services, ct);
        }
        finally
        {
            round.Release();
        }
    }

    private static async Task SendDueAsync(IServiceProvider services, CancellationToken ct)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var today = UkCalendar.Today(clock);
        var year = RegistrationYear.Of(today);
        string? kind = null;
        if (today >= year.RenewalWindowOpens && today < year.RenewalWindowOpens.AddMonths(1))
        {
            kind = WindowOpens;
        }
        else if (today >= year.LastMonthStarts)
        {
            kind = LastMonth;
        }

        if (kind is null)
        {
            return;
        }

        var db = services.GetRequiredService<AccreditationDbContext>();
        var outbox = services.GetRequiredService<IEmailOutbox>();
        var years = services.GetRequiredService<CpdYears>();
        var site = services.GetRequiredService<SiteAddress>();
        var logger = services.GetRequiredService<ILogger<CpdReminders>>();
        var ids = services.GetRequiredService<IIdSource>();

        var holders = await services.GetRequiredService<IPeopleDirectory>().HoldersOfPermissionAsync(Permissions.RecordCpd, ct: ct);
        var optedOut = (await db.Set<CpdPreference>().Where(p => p.RemindersOff).Select(p => p.PersonId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var sent = (await db.Set<CpdReminderSent>().Where(s => s.Kind == kind && s.Year == year.Label).Select(s => s.PersonId).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var people = holders.Where(p => p.Email.Length > 0 && !optedOut.Contains(p.Id) && !sent.Contains(p.Id)).ToList();
        if (people.Count == 0)
        {
            return;
        }

        var statuses = await years.YearOfEachAsync(people.Select(p => p.Id).ToList(), year, ct);
        var link = site.Link("/cpd");
        foreach (var person in people)
        {
            var status = statuses[person.Id];
            if (kind == LastMonth && status.Met)
            {
                continue;
            }

            var check = CpdRequirement.Check(status.Records, status.WithPeerReflection);
            var (subject, opening) = kind == WindowOpens
                ? ($"Your CPD for {year.Label}: the renewal window is open", $"The renewal window for your registration opened on {UkCalendar.Format(year.RenewalWindowOpens)}. Your registration year ends on {UkCalendar.Format(year.Ends)}.")
                : ($"Your CPD for {year.Label}: the year ends on {UkCalendar.Format(year.Ends)}", $"Your registration year ends on {UkCalendar.Format(year.Ends)} and your CPD record does not yet meet the year's requirement.");
            var where = check.Met
                ? $"You have recorded {status.Records} pieces of CPD this year, including {status.WithPeerReflection} with a peer reflection: the year's requirement is met."
                : string.Join("\n", check.Missing);
            db.Add(new CpdReminderSent { Id = ids.NewId(), PersonId = person.Id, Kind = kind, Year = year.Label, SentAt = clock.GetUtcNow() });
            await outbox.EnqueueAsync(new EmailMessage
            {
                To = [new EmailAddress(person.Email!, string.IsNullOrWhiteSpace(person.DisplayName) ? null : person.DisplayName)],
                Subject = subject,
                TextBody = $"""
                    {opening}

                    {where}

                    Your CPD record: {link}

                    You can stop these reminders on your CPD page: {link}/reminders
                    """,
            }, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex)
            {
                // Another instance sent this reminder first: the unique index refused a second copy.
                logger.LogInformation(ex, "CPD reminder {Kind} {Year} for {Person} was already sent.", kind, year.Label, person.Id);
                db.ChangeTracker.Clear();
            }
        }
    }
}
