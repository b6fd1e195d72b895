using System.Net;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Accreditation.Cluster.Tests;

/// <summary>
/// Two site processes on one database (the provider of the run) and one App_Data, started as production starts
/// them, and the in-process site that made the database (kept for its set-up helpers; it runs no leased tasks).
/// </summary>
public sealed class TwoProcesses : IAsyncLifetime
{
    /// <summary>The site that made the database; tests use it to set data up.</summary>
    public PlatformFactory Site { get; } = new SetUpSite();

    /// <summary>The first node.</summary>
    public SiteProcess A { get; private set; } = null!;

    /// <summary>The second node.</summary>
    public SiteProcess B { get; private set; } = null!;

    /// <summary>The settings every node gets.</summary>
    public IDictionary<string, string?> Settings { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _ = Site.Server; // creates the database, applies the recipes and makes the first admin
        Settings = Site.ProcessSettings();
        Settings["Research:Semantic:Enabled"] = "false";
        Settings["BackgroundTasks:Enabled"] = "true"; // the set-up site's own setting is not the nodes'

        A = await SiteProcess.StartAsync(OwnDataFolder("a"));
        B = await SiteProcess.StartAsync(OwnDataFolder("b"));
    }

    /// <summary>
    /// The settings for one more node, with a data folder of its own (its search index starts empty and is built from
    /// the database) and the set-up site's folder for stored files.
    /// </summary>
    public IDictionary<string, string?> OwnDataFolder(string node) =>
        new Dictionary<string, string?>(Settings)
        {
            ["AppData:Path"] = Path.Combine(Site.AppDataPath, "node-" + node),
            ["Files:Path"] = Site.AppDataPath,
        };

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        await Site.DisposeAsync();
    }

    private sealed class SetUpSite : PlatformFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["BackgroundTasks:Enabled"] = "false" };
    }
}

/// <summary>
/// Several web nodes on one database behave as one service: a sign-in made on one is good on the others; a module
/// switched off, a setting changed or an item saved through one shows on the others within seconds; a node killed
/// mid-journey loses nothing the person did.
/// </summary>
public sealed partial class ProcessClusterTests(TwoProcesses cluster, ITestOutputHelper output) : IClassFixture<TwoProcesses>
{
    // Nodes read the change counters and the index tasks every second, so changes show within about two seconds; the
    // bound leaves room for a loaded test machine (speed is a benchmark's business, not a test's).
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task What_is_changed_through_one_node_shows_on_the_other_within_seconds()
    {
        var cookies = new CookieContainer();
        using var a = cluster.A.CreateClient(cookies);
        using var b = cluster.B.CreateClient(cookies);
        await SignInAsAdminAsync(a);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/admin/modules")).StatusCode); // signed in on A, known on B

        // An item saved (here straight through the library, as an editor's save does) is found by search on B.
        var word = "Quokkaville" + Guid.NewGuid().ToString("N")[..6];
        await cluster.Site.WithScopeAsync(async sp =>
        {
            var library = sp.GetRequiredService<ResearchLibrary>();
            library.Add(new ResearchItem
            {
                Title = $"{word} study of children missing from care",
                Abstract = "What helps children who go missing.",
                Year = 2024,
                Type = ResearchItemType.ResearchReview,
                Access = ResearchAccess.Public,
                IsPublished = true,
            });
            await library.Db.SaveChangesAsync();
        });
        var found = await ShownAsync("Item saved through A found by search on B", async () => (await b.GetStringAsync($"/research?q={word}")).Contains(word, StringComparison.Ordinal));
        Assert.True(found, "The item saved was not found by search on the other node in time.");

        // A module switched off through A is off on B; switched on again, back on B.
        Assert.Equal(HttpStatusCode.Redirect, (await a.PostFormAsync("/admin/modules", new Dictionary<string, string> { ["id"] = "Accreditation.Research" }, "/admin/modules?handler=Disable")).StatusCode);
        Assert.True(await ShownAsync("Research switched off through A, off on B", async () => (await b.GetAsync($"/research?q={word}")).StatusCode == HttpStatusCode.NotFound), "The module switched off on A was still on on B.");
        Assert.Equal(HttpStatusCode.Redirect, (await a.PostFormAsync("/admin/modules", new Dictionary<string, string> { ["id"] = "Accreditation.Research" }, "/admin/modules?handler=Enable")).StatusCode);
        Assert.True(await ShownAsync("Research switched on through A, on on B", async () => (await b.GetAsync($"/research?q={word}")).StatusCode == HttpStatusCode.OK), "The module switched on on A was still off on B.");

        // A site setting changed through A shows on B.
        var name = "Accreditation " + Guid.NewGuid().ToString("N")[..6];
        var form = await a.GetDocumentAsync("/admin/settings");
        var fields = form.QuerySelectorAll("#main-content form input").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name)).ToDictionary(i => i.Name!, i => i.Value);
        fields["Values[0]"] = name;
        Assert.Equal(HttpStatusCode.Redirect, (await a.PostAsync("/admin/settings", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.True(await ShownAsync("Service name changed through A, shown on B", async () => (await b.GetStringAsync("/")).Contains(name, StringComparison.Ordinal)), "The service name changed on A was not shown on B.");
    }

    [Fact]
    public async Task Background_tasks_are_held_by_one_node_each_and_a_killed_node_leaves_the_person_signed_in_on_the_other()
    {
        // Every leased task is held by exactly one of the two processes (the set-up site runs none).
        var holders = await cluster.Site.WithScopeAsync(async sp =>
        {
            var leases = await sp.GetRequiredService<Core.Cluster.TaskLeases>().ListAsync(default);
            return leases.Select(l => l.Holder).ToList();
        });
        Assert.NotEmpty(holders);
        Assert.InRange(holders.Distinct().Count(), 1, 2);

        var cookies = new CookieContainer();
        await using var extra = await SiteProcess.StartAsync(cluster.OwnDataFolder("extra"));
        using var doomed = extra.CreateClient(cookies);
        using var survivor = cluster.B.CreateClient(cookies);
        await SignInAsAdminAsync(doomed);

        await extra.KillAsync();

        var page = await survivor.GetAsync("/admin/modules");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await survivor.GetAsync("/health/ready")).StatusCode);
    }

    private async Task SignInAsAdminAsync(HttpClient client) =>
        await client.SignInOverHttpAsync(PlatformFactory.AdminEmail, PlatformFactory.AdminPassword, await cluster.Site.EnableTwoFactorAsync(PlatformFactory.AdminEmail));

    // Waits up to Soon for a change made through A to show on B, and writes how long it took (the figure the issue's
    // "within 2 s" is read against; the bound itself leaves room for a loaded machine).
    private async Task<bool> ShownAsync(string what, Func<Task<bool>> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var shown = await WithinAsync(Soon, condition);
        output.WriteLine($"{what}: {(shown ? "after" : "not within")} {watch.Elapsed.TotalSeconds:0.00} s");
        return shown;
    }

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }
        while (watch.Elapsed < limit);

        return await condition();
    }
}
