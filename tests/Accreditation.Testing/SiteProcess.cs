using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Accreditation.Testing;

/// <summary>
/// The site as a separate operating-system process (the built Accreditation.Web, on Kestrel on a loopback port), as a
/// web node runs in production: for tests of several nodes and of crashes. It runs in Development so its cookies work
/// over plain HTTP on loopback; everything else comes from the settings given (see
/// <see cref="PlatformFactory.ProcessSettings"/>). Disposing it kills it.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private SiteProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    /// <summary>Where the node answers.</summary>
    public Uri Address { get; }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => !process.HasExited;

    /// <summary>What the process wrote to its console so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts a node with the settings given and waits until /health/ready answers 200.</summary>
    public static async Task<SiteProcess> StartAsync(IDictionary<string, string?> settings, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var web = Path.Combine(PlatformFactory.RepositoryRoot(), "src", "Accreditation.Web");
        var dll = Path.Combine(web, "bin", BuildConfiguration(), "net10.0", "Accreditation.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The site is not built: {dll} is missing.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(web);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start };
        var node = new SiteProcess(process, address);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The site process stopped with {process.ExitCode}:\n{node.Output}");
            }

            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            if (DateTime.UtcNow > until)
            {
                await node.DisposeAsync();
                throw new TimeoutException($"The site process was not ready in time:\n{node.Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A client of this node that keeps cookies in <paramref name="cookies"/> (share one between nodes: cookies belong to the host, not the port) and does not follow redirects.</summary>
    public HttpClient CreateClient(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Kills the process at once (SIGKILL), as a crash or a lost machine would.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
