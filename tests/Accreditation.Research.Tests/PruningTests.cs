using System.Globalization;
using Accreditation.Core.Data;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>Applied index tasks and abandoned import uploads are pruned; a node that missed pruned tasks rebuilds.</summary>
public sealed class PruningTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private Task<List<long>> TaskIdsAsync() =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<IndexTask>().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync());

    private Task<(int Tasks, int Uploads)> PruneAsync() => site.WithScopeAsync(sp => sp.GetRequiredService<ResearchPruning>().PruneAsync());

    [Fact]
    public async Task Applied_tasks_older_than_a_week_are_pruned_and_a_node_that_missed_pruned_tasks_rebuilds()
    {
        _ = site.Server;
        await site.AddItemAsync("Pruning first platypoid item");
        await site.AddItemAsync("Pruning second platypoid item");
        await site.RunIndexWorkerAsync();
        await site.AddItemAsync("Pruning third platypoid item (not applied yet)");
        var before = await TaskIdsAsync();

        await PruneAsync();
        Assert.Equal(before, await TaskIdsAsync()); // younger than a week: kept

        site.Clock.Advance(TimeSpan.FromDays(8));
        await PruneAsync();
        var after = await TaskIdsAsync();
        var checkpoint = site.Services.GetRequiredService<ResearchIndex>().Checkpoint;
        Assert.DoesNotContain(after, id => id < checkpoint); // applied and old: gone
        Assert.Contains(before[^1], after); // not applied here yet: kept
        await site.RunIndexWorkerAsync();
        Assert.Equal(3, site.Titles("platypoid").Count);

        // Another node pruned tasks this node never applied: it notices the gap and rebuilds from the database.
        await site.AddItemAsync("Pruning fourth platypoid item");
        await site.AddItemAsync("Pruning fifth platypoid item");
        var newest = (await TaskIdsAsync())[^1];
        await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<IndexTask>().Where(t => t.Id < newest).ExecuteDeleteAsync());
        await site.RunIndexWorkerAsync();
        Assert.Equal(5, site.Titles("platypoid").Count);
    }

    [Fact]
    public async Task Uploads_previewed_but_not_imported_are_removed_after_a_day()
    {
        _ = site.Server;
        var uploads = site.Services.GetRequiredService<ImportUploads>();
        async Task<string> Upload()
        {
            var upload = Guid.NewGuid().ToString("N");
            await uploads.SaveAsync(upload, site.Clock.GetUtcNow(), [("items.ris", System.Text.Encoding.UTF8.GetBytes("TY  - JOUR"))], CancellationToken.None);
            return upload;
        }

        var old = await Upload();
        site.Clock.Advance(TimeSpan.FromHours(20));
        var recent = await Upload();
        site.Clock.Advance(TimeSpan.FromHours(5));
        await PruneAsync();
        Assert.Empty(uploads.List(old + "/"));
        Assert.False(Directory.Exists(Path.Combine(site.AppDataPath, "imports", old)));
        Assert.Equal(3, uploads.List(recent + "/").Count);
    }
}
