using System.Collections.Concurrent;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Infrastructure;

/// <summary>
/// Watches one browser page for what a person would not see but should not happen: console errors (CSP violations
/// among them), uncaught script errors, failed requests and same-origin asset requests answered with an error or a redirect; and checks
/// each visited page with axe and the server's log.
/// </summary>
public sealed class PageWatch : IAsyncDisposable
{
    /// <summary>The axe tags checked on every page: WCAG 2.0, 2.1 and 2.2 at levels A and AA.</summary>
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly HashSet<string> FailingImpacts = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    private readonly ConcurrentQueue<string> problems = new();
    private readonly BrowserSite site;
    private readonly ITestOutputHelper output;

    private PageWatch(BrowserSite site, IPage page, ITestOutputHelper output)
    {
        this.site = site;
        this.output = output;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Enqueue($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"script error on {page.Url}: {error}");
        page.RequestFailed += (_, request) => problems.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            // A page's own status is the test's business (it asserts it); its assets must all load, and load directly:
            // a missing file asked for by a visitor is redirected to sign-in rather than answered 404.
            if (!response.Request.IsNavigationRequest && IsSameOrigin(response.Url)
                && (response.Status >= 400 || (response.Status >= 300 && response.Status != 304)))
            {
                problems.Enqueue($"{response.Status} for {response.Request.Method} {response.Url}");
            }
        };
    }

    /// <summary>The page being watched.</summary>
    public IPage Page { get; }

    /// <summary>Opens a page in a fresh browser context and starts watching it.</summary>
    public static async Task<PageWatch> OpenAsync(BrowserSite site, ITestOutputHelper output, Uri? root = null)
    {
        var context = await site.NewContextAsync(root);
        var page = await context.NewPageAsync();
        return new PageWatch(site, page, output);
    }

    /// <summary>
    /// Opens a page and signs a person in with the test password and the code step (see <see cref="SignInAsync"/>);
    /// <paramref name="twoFactorKey"/> is their key when the test already has it.
    /// </summary>
    public static async Task<PageWatch> SignedInAsync(BrowserSite site, ITestOutputHelper output, string email, string? twoFactorKey = null)
    {
        var watch = await OpenAsync(site, output);
        await watch.SignInAsync(email, Accreditation.Testing.People.Password, twoFactorKey);
        return watch;
    }

    /// <summary>
    /// Signs a person in on this page with a password and the code step, as everyone has a second factor (turned on for
    /// them first if it is not); returns once the site has left the sign-in pages.
    /// </summary>
    public async Task SignInAsync(string email, string password, string? twoFactorKey = null)
    {
        twoFactorKey ??= await Accreditation.Testing.TwoFactor.EnableTwoFactorAsync(site.Site, email);
        await GotoAsync("/account/sign-in");
        await Page.GetByLabel("Email address").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Page.WaitForURLAsync("**/account/sign-in/two-factor**");
        await Page.GetByLabel("Code").FillAsync(Accreditation.Testing.TwoFactor.CodeFor(twoFactorKey));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    /// <summary>Goes to a page of the site and checks that it answered 200.</summary>
    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status == 200, $"{path} answered {response.Status}");
    }

    /// <summary>
    /// Checks the page now shown: saves a screenshot, runs axe (fails on serious or critical WCAG A/AA violations),
    /// then fails on anything the browser or the server reported since the last check.
    /// </summary>
    public async Task CheckAsync(string name)
    {
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSite.OutputFolder, name + ".png"), FullPage = true });

        var axe = await Page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        foreach (var violation in axe.Violations)
        {
            output.WriteLine($"axe {violation.Impact} {violation.Id} on {name}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                output.WriteLine($"    {string.Join(" ", node.Target)}: {node.Html}");
            }
        }

        var failures = axe.Violations
            .Where(v => v.Impact is not null && FailingImpacts.Contains(v.Impact))
            .Select(v => $"axe: {v.Impact} {v.Id}: {v.Help}")
            .Concat(Drain(problems))
            .Concat(Drain(site.Site.ServerProblems).Select(p => "server logged: " + p))
            .ToList();
        foreach (var failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"Problems on {name}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>Closes the page's browser context.</summary>
    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    private bool IsSameOrigin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && Uri.Compare(uri, site.Root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static List<string> Drain(ConcurrentQueue<string> queue)
    {
        var items = new List<string>();
        while (queue.TryDequeue(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
