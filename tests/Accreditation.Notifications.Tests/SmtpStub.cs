using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Accreditation.Notifications.Tests;

/// <summary>What the stub SMTP server does with a message.</summary>
public enum StubBehaviour
{
    /// <summary>Accepts every message.</summary>
    Accept,

    /// <summary>Answers 550 to every RCPT TO: a permanent refusal.</summary>
    RefuseRecipients,

    /// <summary>Reads the whole message data, then closes the connection without replying: an unclear failure.</summary>
    DropAfterData,
}

/// <summary>
/// A minimal SMTP server on a loopback port for the failures maildev cannot produce. Optionally TLS from the first
/// byte with a self-signed certificate. Never advertises STARTTLS.
/// </summary>
public sealed class SmtpStub : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly X509Certificate2? certificate;
    private readonly Task loop;

    /// <summary>Starts listening.</summary>
    public SmtpStub(StubBehaviour behaviour, bool tls = false)
    {
        Behaviour = behaviour;
        certificate = tls ? SelfSigned() : null;
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    /// <summary>What it does with messages.</summary>
    public StubBehaviour Behaviour { get; set; }

    /// <summary>The port it listens on.</summary>
    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Every command line received, in order.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>The data of every message received (accepted or dropped).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Connections accepted (TLS handshakes that failed included).</summary>
    public int Connections => connections;

    private int connections;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        certificate?.Dispose();
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (certificate is not null)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(certificate, clientCertificateRequired: false, checkCertificateRevocation: false);
                stream = ssl;
            }

            using var reader = new StreamReader(stream, Encoding.Latin1, false, 4096, leaveOpen: true);
            await using var writer = new StreamWriter(stream, Encoding.Latin1, 4096, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 stub.test ESMTP ready");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                Commands.Enqueue(line);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 stub.test");
                        break;
                    case "MAIL" or "RSET" or "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync(Behaviour == StubBehaviour.RefuseRecipients ? "550 5.1.1 No such person here" : "250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine).Append("\r\n");
                        }

                        Messages.Enqueue(data.ToString());
                        if (Behaviour == StubBehaviour.DropAfterData)
                        {
                            return; // the message went out; the reply never comes back
                        }

                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.1 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // A client that gave up (a refused certificate included) ends its session.
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
