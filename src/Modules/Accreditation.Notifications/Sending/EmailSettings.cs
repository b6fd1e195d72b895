using Accreditation.Core.Data;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Notifications.Sending;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a server on the same machine or a test server only).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS; a server that does not offer it is refused, never used in plain text.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}

/// <summary>
/// Email configuration, read afresh for every dispatch round so a changed setting applies without a restart:
/// Email:From, Email:FromName, Email:MessageIdDomain, Email:PickupFolder, Email:Smtp:* and Email:Dispatch:*.
/// </summary>
public sealed record EmailSettings
{
    /// <summary>The sender's address (Email:From).</summary>
    public required string From { get; init; }

    /// <summary>The sender's display name (Email:FromName); null uses the site's name.</summary>
    public string? FromName { get; init; }

    /// <summary>The right-hand side of generated Message-Ids.</summary>
    public required string MessageIdDomain { get; init; }

    /// <summary>The SMTP host; null or empty writes .eml files to <see cref="PickupFolder"/> instead.</summary>
    public string? SmtpHost { get; init; }

    /// <summary>The SMTP port (default 587, or 465 with SslOnConnect, or 25 with None).</summary>
    public int SmtpPort { get; init; }

    /// <summary>How the connection is secured (default StartTls).</summary>
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;

    /// <summary>SMTP user name, or null for no authentication.</summary>
    public string? UserName { get; init; }

    /// <summary>SMTP password.</summary>
    public string? Password { get; init; }

    /// <summary>Whether invalid server certificates are accepted: only when configured AND the environment is Development.</summary>
    public bool AcceptInvalidCertificates { get; init; }

    /// <summary>Whether AllowInvalidCertificates was configured but ignored because this is not Development.</summary>
    public bool InvalidCertificatesRefusedOutsideDevelopment { get; init; }

    /// <summary>Network timeout of each SMTP command.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The folder .eml files are written to when no SMTP host is configured.</summary>
    public required string PickupFolder { get; init; }

    /// <summary>Whether this node runs the background dispatcher (Email:Dispatch:Enabled, default true).</summary>
    public bool DispatchEnabled { get; init; } = true;

    /// <summary>Time between dispatch rounds.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages claimed and sent through one connection per round.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>After this many failed attempts a message is dead (Email:Dispatch:MaxAttempts, default 8).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The wait after the first failure; it doubles after each further failure.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How long a claimed batch is reserved for the node that claimed it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>SMTP connections a round uses at once, each reused for its share of the batch (Email:Dispatch:Connections, default 1).</summary>
    public int Connections { get; init; } = 1;

    /// <summary>Opens a new SMTP connection for every message: the baseline the benchmark compares reuse against.</summary>
    public bool ConnectionPerMessage { get; init; }

    /// <summary>Whether messages go to an SMTP server (else to the pickup folder).</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);

    /// <summary>MailKit's socket option for <see cref="Security"/>; never "when available", which would fall back to plain text.</summary>
    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>The wait before the next attempt after <paramref name="failedAttempts"/> failures: RetryDelay × 2^(n−1), capped.</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = RetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming the setting that is wrong.</summary>
    public static EmailSettings Read(IConfiguration configuration, DatabaseSettings database, IHostEnvironment environment)
    {
        var email = configuration.GetSection("Email");
        var smtp = email.GetSection("Smtp");
        var dispatch = email.GetSection("Dispatch");
        var from = email["From"] is { Length: > 0 } f ? f.Trim() : "no-reply@localhost";
        if (!Outbox.HeaderText.IsAddress(from))
        {
            throw new InvalidOperationException($"Email:From '{from}' is not an email address.");
        }

        var securityText = smtp["Security"];
        var security = SmtpSecurity.StartTls;
        if (!string.IsNullOrWhiteSpace(securityText) && !Enum.TryParse(securityText.Trim(), ignoreCase: true, out security))
        {
            throw new InvalidOperationException($"Email:Smtp:Security '{securityText}' is not one of None, StartTls, SslOnConnect.");
        }

        var allowInvalid = Bool(smtp, "AllowInvalidCertificates", false);
        var pickup = email["PickupFolder"] is { Length: > 0 } p
            ? Path.GetFullPath(p, database.AppDataPath)
            : Path.Combine(database.AppDataPath, "mail");
        var settings = new EmailSettings
        {
            From = from,
            FromName = email["FromName"] is { Length: > 0 } name ? Outbox.HeaderText.SingleLine(name) : null,
            MessageIdDomain = email["MessageIdDomain"] is { Length: > 0 } domain ? domain.Trim() : from[(from.LastIndexOf('@') + 1)..],
            SmtpHost = smtp["Host"] is { Length: > 0 } host ? host.Trim() : null,
            SmtpPort = Int(smtp, "Port", security switch { SmtpSecurity.SslOnConnect => 465, SmtpSecurity.None => 25, _ => 587 }, 1, 65535),
            Security = security,
            UserName = smtp["UserName"] is { Length: > 0 } user ? user : null,
            Password = smtp["Password"],
            AcceptInvalidCertificates = allowInvalid && environment.IsDevelopment(),
            InvalidCertificatesRefusedOutsideDevelopment = allowInvalid && !environment.IsDevelopment(),
            Timeout = TimeSpan.FromSeconds(Int(smtp, "TimeoutSeconds", 30, 1, 600)),
            PickupFolder = pickup,
            DispatchEnabled = Bool(dispatch, "Enabled", true),
            Interval = TimeSpan.FromSeconds(Int(dispatch, "IntervalSeconds", 10, 1, 3600)),
            BatchSize = Int(dispatch, "BatchSize", 100, 1, 10_000),
            MaxAttempts = Int(dispatch, "MaxAttempts", 8, 1, 100),
            RetryDelay = TimeSpan.FromSeconds(Int(dispatch, "RetryDelaySeconds", 120, 1, 86_400)),
            MaxRetryDelay = TimeSpan.FromSeconds(Int(dispatch, "MaxRetryDelaySeconds", 6 * 3600, 1, 7 * 86_400)),
            Lease = TimeSpan.FromSeconds(Int(dispatch, "LeaseSeconds", 300, 30, 86_400)),
            Connections = Int(dispatch, "Connections", 1, 1, 32),
            ConnectionPerMessage = Bool(dispatch, "ConnectionPerMessage", false),
        };
        if (settings.MessageIdDomain.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>' or '@'))
        {
            throw new InvalidOperationException($"Email:MessageIdDomain '{settings.MessageIdDomain}' is not a domain name.");
        }

        return settings;
    }

    private static int Int(IConfiguration section, string key, int fallback, int min, int max)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{SettingName(section, key)} '{text}' must be a whole number from {min} to {max}.");
        }

        return value;
    }

    private static bool Bool(IConfiguration section, string key, bool fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return bool.TryParse(text, out var value)
            ? value
            : throw new InvalidOperationException($"{SettingName(section, key)} '{text}' must be true or false.");
    }

    private static string SettingName(IConfiguration section, string key) => section is IConfigurationSection s ? $"{s.Path}:{key}" : key;
}
