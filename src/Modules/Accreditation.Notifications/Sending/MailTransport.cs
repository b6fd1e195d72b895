using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace Accreditation.Notifications.Sending;

/// <summary>The server could not be reached or refused the session (connect, TLS or sign-in): nothing was sent.</summary>
public sealed class MailServerUnavailableException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The connection broke while a message was being sent, so it is unknown whether the server took it (for example the
/// connection dropped after the message data went out but before the server's reply).
/// </summary>
public sealed class UnclearDeliveryException(string message, Exception inner) : Exception(message, inner);

/// <summary>One dispatch round's way out: an SMTP connection reused for the whole batch, or the pickup folder.</summary>
public interface IMailSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message. Returns when the server has accepted it. Throws <see cref="SmtpCommandException"/> when the
    /// server refused it, <see cref="MailServerUnavailableException"/> when no session could be had, and
    /// <see cref="UnclearDeliveryException"/> when the connection broke mid-message.
    /// </summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Opens the session the settings ask for.</summary>
public static class MailTransport
{
    /// <summary>SMTP when a host is configured, else the pickup folder.</summary>
    public static IMailSession Open(EmailSettings settings) =>
        settings.UsesSmtp ? new SmtpSession(settings) : new PickupFolderSession(settings.PickupFolder);
}

/// <summary>
/// Writes each message as NAME.eml into a pickup folder (the embedded default, no server needed). The file name is
/// the Message-Id, so writing the same message again replaces it rather than adding a second copy.
/// </summary>
public sealed class PickupFolderSession(string folder) : IMailSession
{
    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        var final = Path.Combine(folder, name + ".eml");
        var temporary = Path.Combine(folder, $".{name}.tmp");
        // Written aside and moved into place, so a program watching the folder never reads half a message.
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 16384, FileOptions.WriteThrough))
        {
            await message.WriteToAsync(FormatOptions.Default, stream, ct);
        }

        File.Move(temporary, final, overwrite: true);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// One SMTP connection, opened at the first message and reused for the rest of the batch; reopened if it breaks.
/// TLS as configured (STARTTLS is required, never optional), certificates validated unless invalid ones are allowed
/// (Development only).
/// </summary>
public sealed class SmtpSession(EmailSettings settings) : IMailSession
{
    private SmtpClient? client;

    /// <inheritdoc />
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var connection = await ConnectAsync(ct);
        try
        {
            await connection.SendAsync(message, ct);
        }
        catch (SmtpCommandException)
        {
            // The server answered "no" (4xx or 5xx): clear, nothing was delivered. MailKit has reset the
            // transaction; the connection stays usable unless the server closed it.
            if (!connection.IsConnected)
            {
                await CloseAsync();
            }

            throw;
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or System.Net.Sockets.SocketException or TimeoutException or
                                       ServiceNotConnectedException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            await CloseAsync();
            throw new UnclearDeliveryException($"The connection to {settings.SmtpHost}:{settings.SmtpPort} broke while sending: {ex.Message}", ex);
        }

        if (settings.ConnectionPerMessage)
        {
            await CloseAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await CloseAsync();

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        if (client is { IsConnected: true })
        {
            return client;
        }

        await CloseAsync();
        var candidate = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        if (settings.AcceptInvalidCertificates)
        {
            // Development only (EmailSettings refuses it elsewhere): a local relay with a self-signed certificate.
#pragma warning disable CA5359
            candidate.ServerCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        try
        {
            await candidate.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, settings.SocketOptions, ct);
            if (settings.UserName is not null)
            {
                await candidate.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            candidate.Dispose();
            throw new MailServerUnavailableException($"Could not open an SMTP session with {settings.SmtpHost}:{settings.SmtpPort} ({settings.Security}): {ex.Message}", ex);
        }

        client = candidate;
        return client;
    }

    private async Task CloseAsync()
    {
        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The connection is going away anyway.
        }
        finally
        {
            client.Dispose();
            client = null;
        }
    }
}
