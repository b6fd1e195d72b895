using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Accreditation.BrowserTests.Infrastructure;

/// <summary>
/// One site on real Kestrel (a loopback port of its own) and one headless Chromium, shared by every browser test:
/// starting them is the slow part, so each test only opens a fresh browser context (its own cookies).
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The site under test.</summary>
    public KestrelPlatformFactory Site { get; } = new();

    /// <summary>The site's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Root { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The browser (tests open their own contexts from it).</summary>
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>Where screenshots of visited pages go (git-ignored), for a person to look at after a run.</summary>
    public static string OutputFolder => Path.Combine(PlatformFactory.RepositoryRoot(), ".test-output", "browser");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Site.StartServer();
        Root = Site.ClientOptions.BaseAddress;
        Directory.CreateDirectory(OutputFolder);

        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
    }

    /// <summary>
    /// The site's address by name (http://localhost:port/): passkeys need a domain, not an IP address, and the browser
    /// treats localhost as a secure context.
    /// </summary>
    public Uri LocalhostRoot => new UriBuilder(Root) { Host = "localhost" }.Uri;

    /// <summary>A fresh browser context (no cookies) with the site (or <paramref name="root"/>) as its base address.</summary>
    public Task<IBrowserContext> NewContextAsync(Uri? root = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (root ?? Root).ToString(),
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await Site.DisposeAsync();
    }
}

/// <summary>The platform on real Kestrel at a free loopback port, so a real browser can reach it.</summary>
public sealed class KestrelPlatformFactory : PlatformFactory
{
    /// <summary>Listens on 127.0.0.1 at a port the system picks.</summary>
    public KestrelPlatformFactory() => UseKestrel(0);

    /// <inheritdoc />
    /// <remarks>Every browser request comes from 127.0.0.1, so the per-address sign-in limit would count all journeys together.</remarks>
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "1000",
    };

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Outside Development the host reads static web assets (the themes' CSS, JS and fonts) from a publish folder
        // only; tests run from the build output, so read the build's static web assets manifest as Development does.
        builder.UseStaticWebAssets();
    }
}

/// <summary>The browser tests share one site and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Browser";
}
