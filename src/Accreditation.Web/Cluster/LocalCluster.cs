using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Accreditation.Web.Cluster;

/// <summary>
/// The <c>cluster</c> command: several site processes on one database behind a <see cref="ClusterProxy"/>, on one
/// machine, to try the site as a national deployment runs it. <c>cluster [--nodes N] [--port P] [--Key=value ...]</c>
/// starts node 1 (which brings the database up to date) and waits for it, then the others, each this same program
/// on port P+i with the settings given, and the proxy on port P; Ctrl-C stops everything it started (the nodes get
/// the terminal's SIGINT too and stop gracefully, giving back their task leases). Each node keeps its own data folder
/// ({AppData:Path}/node-i: its search index, mail pickup folder) and all of them share {AppData:Path}/files for
/// stored files unless Files:Path is given. scripts/cluster.sh adds a throwaway PostgreSQL and maildev.
/// </summary>
public static class LocalCluster
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var nodes = 2;
        var port = 5080;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--nodes" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16:
                    nodes = n;
                    i++;
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65500:
                    port = p;
                    i++;
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    settings.Add(setting);
                    break;
                default:
                    await Console.Error.WriteLineAsync("Usage: cluster [--nodes N (1-16, default 2)] [--port P (default 5080)] [--Key=value ...]");
                    return 2;
            }
        }

        var dataFolder = Setting(settings, "AppData:Path") ?? Path.Combine(Path.GetTempPath(), "accreditation-cluster");
        settings.RemoveAll(s => s.StartsWith("--AppData:Path=", StringComparison.OrdinalIgnoreCase));
        if (Setting(settings, "Files:Path") is null)
        {
            settings.Add($"--Files:Path={Path.Combine(dataFolder, "files")}");
        }

        var address = $"http://localhost:{port}";
        if (!settings.Any(s => s.StartsWith("--Site:BaseUrl=", StringComparison.OrdinalIgnoreCase)))
        {
            settings.Add($"--Site:BaseUrl={address}");
        }

        using var stop = new CancellationTokenSource();
        // Ctrl-C (SIGINT) and a service manager's SIGTERM both stop the nodes before this process ends.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        var processes = new List<Process>();
        try
        {
            var urls = new List<Uri>();
            for (var i = 1; i <= nodes && !stop.IsCancellationRequested; i++)
            {
                var url = new Uri($"http://127.0.0.1:{port + i}/");
                processes.Add(StartNode(i, url, [.. settings, $"--AppData:Path={Path.Combine(dataFolder, $"node-{i}")}"]));
                urls.Add(url);
                if (i == 1 && !await ReadyAsync(url, processes[0], stop.Token))
                {
                    await Console.Error.WriteLineAsync("Node 1 did not become ready; stopping.");
                    return 1;
                }
            }

            foreach (var (url, process) in urls.Zip(processes))
            {
                if (!await ReadyAsync(url, process, stop.Token))
                {
                    await Console.Error.WriteLineAsync($"The node on {url} did not become ready; stopping.");
                    return 1;
                }
            }

            await using var proxy = await ClusterProxy.StartAsync($"http://127.0.0.1:{port}", urls);
            Console.WriteLine($"Cluster of {nodes} node(s) ready: {address} (nodes on ports {port + 1}-{port + nodes}). Ctrl-C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping the cluster.");
            }

            return 0;
        }
        finally
        {
            foreach (var process in processes)
            {
                StopNode(process);
            }
        }
    }

    private static string? Setting(IEnumerable<string> settings, string key) =>
        settings.LastOrDefault(s => s.StartsWith($"--{key}=", StringComparison.OrdinalIgnoreCase)) is { } found ? found[(key.Length + 3)..] : null;

    private static Process StartNode(int number, Uri url, IReadOnlyList<string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(LocalCluster).Assembly.Location);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Directory.GetCurrentDirectory());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Echo(number, e.Data);
        process.ErrorDataReceived += (_, e) => Echo(number, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Echo(int node, string? line)
    {
        if (line is not null)
        {
            Console.WriteLine($"[node {node}] {line}");
        }
    }

    private static async Task<bool> ReadyAsync(Uri url, Process process, CancellationToken ct)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < until && !ct.IsCancellationRequested && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync(new Uri(url, "/health/ready"), ct)).StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Busy starting.
            }

            try
            {
                await Task.Delay(500, ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private static void StopNode(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }
}
