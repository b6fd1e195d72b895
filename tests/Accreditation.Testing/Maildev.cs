using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
namespace Accreditation.Testing;

/// <summary>
/// The real SMTP server the tests deliver to: the maildev that ./test.sh started (ACCREDITATION_TEST_SMTP_PORT,
/// ACCREDITATION_TEST_MAILDEV_URL), or one started here from .test-output/tools when those are not set.
/// </summary>
public sealed class Maildev
{
    private static readonly Lazy<Maildev> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private Maildev(int smtpPort, Uri web)
    {
        SmtpPort = smtpPort;
        Web = web;
    }

    /// <summary>The one maildev of this test run.</summary>
    public static Maildev Instance => Shared.Value;

    /// <summary>Its SMTP port on 127.0.0.1.</summary>
    public int SmtpPort { get; }

    /// <summary>Its HTTP API.</summary>
    public Uri Web { get; }

    /// <summary>Every message maildev holds that was delivered to the address (envelope recipient).</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string address)
    {
        var all = await Http.GetFromJsonAsync<JsonElement>(new Uri(Web, "email"));
        return all.EnumerateArray()
            .Where(m => m.GetProperty("envelope").GetProperty("to").EnumerateArray()
                .Any(t => string.Equals(t.GetProperty("address").GetString(), address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages to the address arrived (10 s at most), then returns them all.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(string address, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var messages = await MessagesToAsync(address);
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Deletes every message maildev holds (benchmarks, which fill it by the thousand).</summary>
    public async Task DeleteAllAsync()
    {
        using var response = await Http.DeleteAsync(new Uri(Web, "email/all"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The raw message as maildev received it.</summary>
    public async Task<string> SourceAsync(JsonElement message) =>
        await Http.GetStringAsync(new Uri(Web, $"email/{message.GetProperty("id").GetString()}/source"));

    private static Maildev Start()
    {
        if (Environment.GetEnvironmentVariable("ACCREDITATION_TEST_SMTP_PORT") is { Length: > 0 } port &&
            Environment.GetEnvironmentVariable("ACCREDITATION_TEST_MAILDEV_URL") is { Length: > 0 } url)
        {
            return new Maildev(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), new Uri(url.TrimEnd('/') + "/"));
        }

        var executable = Path.Combine(PlatformFactory.RepositoryRoot(), ".test-output", "tools", "node_modules", ".bin", "maildev");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                "These tests deliver email to a real SMTP server (maildev), and none is running or installed. " +
                "Run ./test.sh, which installs maildev into .test-output/tools and starts it; or start maildev yourself and set " +
                "ACCREDITATION_TEST_SMTP_PORT and ACCREDITATION_TEST_MAILDEV_URL.");
        }

        var smtp = FreePort();
        var web = FreePort();
        var process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList = { "--smtp", smtp.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web", web.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--silent" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };

        var server = new Maildev(smtp, new Uri($"http://127.0.0.1:{web}/"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = Http.GetAsync(new Uri(server.Web, "email")).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(200);
        }

        throw new InvalidOperationException($"maildev at {executable} did not start (exited: {process.HasExited}).");
    }

    /// <summary>A loopback port nothing listens on (at the moment of asking).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
