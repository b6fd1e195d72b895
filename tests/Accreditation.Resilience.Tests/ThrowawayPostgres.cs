using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Accreditation.Resilience.Tests;

/// <summary>
/// A PostgreSQL server of a test's own, in a temporary folder on a loopback port, that the test may stop and start
/// without disturbing the server the other tests share. Binaries from ACCREDITATION_PG_BIN, else the newest
/// /usr/lib/postgresql/*/bin (where test.sh finds them); run as the postgres user when the tests run as root, as
/// PostgreSQL refuses to run as root.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "accreditation-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly bool asRoot = Environment.UserName == "root";

    private ThrowawayPostgres(string bin, int port)
    {
        this.bin = bin;
        Port = port;
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>A connection string to its postgres database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    /// <summary>Makes a new cluster and starts it.</summary>
    public static async Task<ThrowawayPostgres> StartNewAsync()
    {
        var bin = Environment.GetEnvironmentVariable("ACCREDITATION_PG_BIN") is { Length: > 0 } given
            ? given
            : Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
                : null;
        if (bin is null || !File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException("PostgreSQL's binaries were not found: install postgresql (test.sh does) or set ACCREDITATION_PG_BIN.");
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var server = new ThrowawayPostgres(bin, port);
        Directory.CreateDirectory(server.folder);
        if (server.asRoot)
        {
            await RunAsync("chown", ["postgres", server.folder]);
        }

        await server.RunPgAsync("initdb", "-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAsync() =>
        RunPgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(folder, "log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -c port={Port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories={folder} -c fsync=off", "start");

    /// <summary>Stops the server as an operator's restart does (fast: open sessions are ended, committed work is kept).</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunPgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string Data => Path.Combine(folder, "db");

    private Task RunPgAsync(string tool, params string[] arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments])
            : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
