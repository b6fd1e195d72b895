using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Sending;
using Accreditation.Notifications.Templates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Notifications.Outbox;

/// <summary>Renders messages and adds them to the caller's context; the caller's SaveChanges writes them.</summary>
public sealed class EmailOutbox(
    AccreditationDbContext db,
    EmailTemplates templates,
    IIdSource ids,
    TimeProvider clock,
    IConfiguration configuration,
    DatabaseSettings database,
    IHostEnvironment environment,
    SiteSettings site,
    SiteAddress address) : IEmailOutbox
{
    /// <inheritdoc />
    public async Task<QueuedEmail> EnqueueAsync(EmailMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.To is not { Count: > 0 })
        {
            throw new ArgumentException("An email needs at least one recipient.", nameof(message));
        }

        var recipients = message.To.Select(Recipient).ToList();
        // https, or on the site's own address (which is https outside Development and Testing, and http://localhost there).
        if (message.UnsubscribeUrl is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !address.Root.IsBaseOf(uri)) ||
             url.Any(char.IsControl) || url.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"The unsubscribe URL must be an absolute https URL: {url}", nameof(message));
        }

        RenderedEmail rendered;
        if (message.Template is { } name)
        {
            var source = await templates.GetAsync(name, ct) ?? throw new ArgumentException($"There is no email template '{name}'.", nameof(message));
            rendered = templates.Render(source, message.Model);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(message.Subject) || message.TextBody is null)
            {
                throw new ArgumentException("An email without a template needs a subject and a text body.", nameof(message));
            }

            rendered = new RenderedEmail(HeaderText.SingleLine(message.Subject), message.TextBody, message.HtmlBody ?? "");
        }

        var settings = EmailSettings.Read(configuration, database, environment);
        var id = ids.NewId();
        var now = clock.GetUtcNow();
        var email = new OutboxEmail
        {
            Id = id,
            // Fixed now, before any attempt: every retry of this message carries the same Message-Id.
            MessageId = $"{id:N}@{settings.MessageIdDomain}",
            FromAddress = settings.From,
            FromName = settings.FromName ?? HeaderText.SingleLine(site.SiteName),
            Recipients = JsonSerializer.Serialize(recipients, JsonSerializerOptions.Web),
            RecipientAddresses = string.Join(", ", recipients.Select(r => r.Address.ToLowerInvariant())),
            TemplateName = message.Template,
            Subject = rendered.Subject.Length > 998 ? rendered.Subject[..998] : rendered.Subject,
            TextBody = rendered.TextBody,
            HtmlBody = string.IsNullOrWhiteSpace(rendered.HtmlBody) ? null : rendered.HtmlBody,
            UnsubscribeUrl = message.UnsubscribeUrl,
            // An unsubscribe link is a bearer secret too.
            HoldsSecret = message.HoldsSecret || message.UnsubscribeUrl is not null,
            Status = OutboxStatus.Queued,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.Set<OutboxEmail>().Add(email);
        return new QueuedEmail(id, email.MessageId);
    }

    private static EmailAddress Recipient(EmailAddress address)
    {
        var text = address.Address?.Trim();
        if (!HeaderText.IsAddress(text))
        {
            throw new ArgumentException($"'{address.Address}' is not a single email address.", nameof(address));
        }

        var name = HeaderText.SingleLine(address.DisplayName);
        return new EmailAddress(text!, name.Length == 0 ? null : name);
    }
}
