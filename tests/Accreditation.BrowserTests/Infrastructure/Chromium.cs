using Microsoft.Playwright;

namespace Accreditation.BrowserTests.Infrastructure;

/// <summary>
/// The machine's Chromium, started headless by Playwright: browsers are never downloaded. Compiled into every test
/// project that drives a browser (the browser tests and the cluster journey).
/// </summary>
public static class Chromium
{
    /// <summary>
    /// Chromium's switches for a quiet, offline, containerised run: no sandbox (we run as root in a container), no
    /// GPU, and none of the background traffic (updates, sync, QUIC) that would try to leave the machine.
    /// </summary>
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    /// <summary>Starts a headless Chromium with the driver the Microsoft.Playwright package ships.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path(),
            Headless = true,
            Args = Args,
        });

    private static string Path()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Chromium was not found at {path}. Install Debian's chromium package, or set CHROMIUM_PATH.");
    }
}
