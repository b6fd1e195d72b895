using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications.Sending;
using Accreditation.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace Accreditation.Notifications.Privacy;

/// <summary>
/// The emails held about a person: outbox messages to them or naming them, and the .eml files of the pickup folder.
/// Erasure deletes both; the template a person last edited keeps its text but not their name.
/// </summary>
public sealed class EmailPersonalData(
    AccreditationDbContext db,
    IConfiguration configuration,
    DatabaseSettings database,
    IHostEnvironment environment,
    ILogger<EmailPersonalData> logger) : IPersonalDataProvider
{
    /// <summary>What replaces the name of an erased person who last edited a template.</summary>
    public const string FormerEditor = "A former administrator";

    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<OutboxEmail>(ErasureTreatment.Deleted, "Emails queued and sent: recipients, subject and text (which can name the person)",
            m => m.Recipients, m => m.RecipientAddresses, m => m.Subject, m => m.TextBody, m => m.HtmlBody, m => m.UnsubscribeUrl, m => m.LastError)
        .Entity<EmailTemplate>(ErasureTreatment.Anonymised, "Email templates an admin edited: who last saved one", t => t.UpdatedBy)
        .Store(DataStoreKind.Email, "mail", ErasureTreatment.Deleted, "The mail pickup folder: one .eml file per message when no SMTP server is configured");

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var emails = await ToOrAbout(subject);
        export.Add("emails", emails
            .Where(m => IsTo(m, subject))
            .OrderBy(m => m.CreatedAt)
            .Select(m => new { Queued = m.CreatedAt, m.SentAt, Status = m.Status.ToString(), m.Subject, Text = m.HoldsSecret && m.Status != OutboxStatus.Sent ? "[held a one-time link, not included]" : m.TextBody })
            .ToList());
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        var emails = await ToOrAbout(subject);
        plan.Delete("emails to the person", emails.Count(m => IsTo(m, subject)));
        plan.Delete("emails to others that name the person", emails.Count(m => !IsTo(m, subject)));
        plan.Delete("copies of emails in the mail pickup folder", PickupFiles(subject).Count);
        plan.Anonymise("email templates the person last edited", await db.Set<EmailTemplate>().CountAsync(t => t.UpdatedBy == subject.DisplayName || t.UpdatedBy == subject.Email, ct),
            "The template stays in use; the editor's name is replaced");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        var ids = (await ToOrAbout(subject)).Select(m => m.Id).ToList();
        var deleted = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            deleted += await db.Set<OutboxEmail>().Where(m => chunk.Contains(m.Id)).ExecuteDeleteAsync(ct);
        }

        run.Record("Emails deleted", deleted);
        run.Record("Email templates' editor removed", await db.Set<EmailTemplate>()
            .Where(t => t.UpdatedBy == subject.DisplayName || t.UpdatedBy == subject.Email)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedBy, FormerEditor), ct));
        var files = PickupFiles(subject);
        run.Record("Copies in the mail pickup folder deleted", files.Count);
        run.AfterCommit(() =>
        {
            foreach (var file in files)
            {
                File.Delete(file);
            }
        });
    }

    /// <summary>Outbox messages to the person, or whose subject or text holds their email address or name.</summary>
    private async Task<List<OutboxEmail>> ToOrAbout(DataSubject subject)
    {
        var email = subject.Email?.ToLowerInvariant();
        var name = subject.DisplayName is { Length: >= 3 } n ? n : null;
        var candidates = await db.Set<OutboxEmail>().AsNoTracking()
            .Where(m => (email != null && (m.RecipientAddresses.Contains(email) || m.Subject.Contains(email) || m.TextBody.Contains(email)))
                || (name != null && (m.Subject.Contains(name) || m.TextBody.Contains(name) || m.Recipients.Contains(name))))
            .ToListAsync();

        // The database's substring match is only a first cut: "sam@x.gov.uk" is inside "tsam@x.gov.uk" too.
        return candidates.Where(m => IsTo(m, subject) || Names(m.Subject + "\n" + m.TextBody + "\n" + m.Recipients, subject)).ToList();
    }

    /// <summary>Whether a text holds the person's email address or name as a whole word.</summary>
    private static bool Names(string text, DataSubject subject) =>
        (subject.Email is { Length: > 0 } email && Regex.IsMatch(text, $@"(?<![\w.+-]){Regex.Escape(email)}(?![\w-])", RegexOptions.IgnoreCase))
        || (subject.DisplayName is { Length: >= 3 } name && Regex.IsMatch(text, $@"(?<!\w){Regex.Escape(name)}(?!\w)", RegexOptions.IgnoreCase));

    private static bool IsTo(OutboxEmail message, DataSubject subject) =>
        subject.Email is { } email && message.RecipientAddresses.Split(", ").Contains(email.ToLowerInvariant());

    /// <summary>Pickup-folder files addressed to the person or naming them.</summary>
    private List<string> PickupFiles(DataSubject subject)
    {
        var folder = EmailSettings.Read(configuration, database, environment).PickupFolder;
        var found = new List<string>();
        if (!Directory.Exists(folder))
        {
            return found;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            try
            {
                using var message = MimeMessage.Load(file);
                var text = string.Join('\n', message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => $"{m.Name} <{m.Address}>"))
                    + '\n' + message.Subject + '\n' + message.TextBody + '\n' + message.HtmlBody;
                if (Names(text, subject))
                {
                    found.Add(file);
                }
            }
            catch (Exception ex) when (ex is IOException or FormatException or ParseException)
            {
                logger.LogWarning(ex, "A file in the mail pickup folder could not be read while looking for a person's emails.");
            }
        }

        return found;
    }
}

/// <summary>
/// The email retention kinds: the text of sent emails (and the pickup folder's copies), the record that an email was
/// sent, and dead letters.
/// </summary>
public sealed class EmailRetention(AccreditationDbContext db, IConfiguration configuration, DatabaseSettings database, IHostEnvironment environment) : IRetentionRule
{
    /// <summary>The text of sent emails.</summary>
    public static readonly RetentionKind SentEmailBodies = new("SentEmailBodies", "The text of emails we sent you (and copies in the mail pickup folder)", "after sending", "Removed; the record that the email was sent stays", "30 days");

    /// <summary>The record that an email was sent.</summary>
    public static readonly RetentionKind SentEmails = new("SentEmails", "The record that an email was sent (to whom, subject, when)", "after sending", "Deleted", "1 year");

    /// <summary>Emails that could not be delivered.</summary>
    public static readonly RetentionKind DeadLetters = new("DeadLetters", "Emails that could not be delivered", "after the last attempt", "Deleted", "90 days");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct)
    {
        var outbox = db.Set<OutboxEmail>();
        if (kind.Key == SentEmailBodies.Key)
        {
            var removed = await outbox
                .Where(m => m.Status == OutboxStatus.Sent && m.SentAt < cutoff && !m.HoldsSecret && m.TextBody != OutboxEmail.RetentionRemovedText)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.TextBody, OutboxEmail.RetentionRemovedText).SetProperty(m => m.HtmlBody, (string?)null), ct);
            return removed + RemovePickupFiles(cutoff);
        }

        if (kind.Key == SentEmails.Key)
        {
            return await outbox.Where(m => m.Status == OutboxStatus.Sent && m.SentAt < cutoff).ExecuteDeleteAsync(ct);
        }

        if (kind.Key == DeadLetters.Key)
        {
            return await outbox.Where(m => m.Status == OutboxStatus.Dead && m.NextAttemptAt < cutoff).ExecuteDeleteAsync(ct);
        }

        throw new ArgumentException($"Email retention does not apply {kind.Key}.", nameof(kind));
    }

    /// <summary>Pickup files are copies of sent messages, text included: they go when the text does.</summary>
    private int RemovePickupFiles(DateTimeOffset cutoff)
    {
        var folder = EmailSettings.Read(configuration, database, environment).PickupFolder;
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            if (SentAt(file) < cutoff)
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>A pickup file's Date header (when it was queued; the dispatcher writes it then), else its write time.</summary>
    private static DateTimeOffset SentAt(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            var headers = HeaderList.Load(stream);
            if (headers[HeaderId.Date] is { } date && DateUtils.TryParse(date, out var parsed))
            {
                return parsed;
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or ParseException)
        {
            // Unreadable: judged by its write time.
        }

        return new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
    }
}
