using System.Text;
using MimeKit;

namespace Accreditation.Notifications.Outbox;

/// <summary>
/// Keeps text bound for mail headers on one line: CR, LF and other control characters in subjects and display
/// names become spaces, and addresses containing them are refused, so no value can start a header of its own.
/// </summary>
public static class HeaderText
{
    /// <summary>The text with every control character (CR and LF included) replaced by a space, runs collapsed and trimmed.</summary>
    public static string SingleLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Whether the text is one plain email address (local@domain): no display name, no group, no whitespace or
    /// control characters, at most 320 characters.
    /// </summary>
    public static bool IsAddress(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > 320 || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOfAny(['<', '>', ',', ';', '"', '(', ')', '[', ']', '\\']) >= 0)
        {
            return false;
        }

        return MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox) &&
            string.Equals(mailbox.Address, address, StringComparison.Ordinal);
    }
}
