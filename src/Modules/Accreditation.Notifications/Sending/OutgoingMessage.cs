using System.Text.Json;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using MimeKit;

namespace Accreditation.Notifications.Sending;

/// <summary>Builds the MIME message of an outbox row: the same bytes on every attempt (Message-Id and Date included).</summary>
public static class OutgoingMessage
{
    /// <summary>The message: From, To, Subject, Date, Message-Id, unsubscribe headers, and text and HTML parts.</summary>
    public static MimeMessage Build(OutboxEmail email)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(email.FromName ?? "", email.FromAddress));
        foreach (var recipient in JsonSerializer.Deserialize<List<EmailAddress>>(email.Recipients, JsonSerializerOptions.Web) ?? [])
        {
            // Re-checked here too: a row written by anything but the outbox still cannot add a header.
            if (!HeaderText.IsAddress(recipient.Address))
            {
                throw new FormatException($"Recipient '{recipient.Address}' is not a single email address.");
            }

            message.To.Add(new MailboxAddress(HeaderText.SingleLine(recipient.DisplayName), recipient.Address));
        }

        message.Subject = HeaderText.SingleLine(email.Subject);
        message.Date = email.CreatedAt;
        message.MessageId = email.MessageId;
        // RFC 3834: automatic mail; asks auto-responders not to answer.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        if (email.UnsubscribeUrl is { Length: > 0 } url)
        {
            // RFC 2369 and RFC 8058: a one-click POST to the https URL unsubscribes.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{url}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = email.TextBody };
        if (email.HtmlBody is { Length: > 0 } html)
        {
            body.HtmlBody = html;
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
