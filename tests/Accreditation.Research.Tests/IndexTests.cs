using Accreditation.Research.Indexing;
using Accreditation.Research.Search;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>The index follows the database through the task feed, and mends itself when it is lost or damaged.</summary>
public sealed class IndexTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    private ResearchIndex Index => site.Services.GetRequiredService<ResearchIndex>();

    [Fact]
    public async Task The_index_follows_the_database_through_create_update_unpublish_and_delete()
    {
        _ = site.Server;
        await site.RunIndexWorkerAsync();
        var id = await site.AddItemAsync("Kinship carers and the quokkaberry pilot", "Support for kinship carers.");
        Assert.Empty(site.Titles("quokkaberry")); // not applied yet: the worker applies the feed
        Assert.True(await site.RunIndexWorkerAsync() >= 1);
        Assert.Equal(["Kinship carers and the quokkaberry pilot"], site.Titles("quokkaberry"));

        await site.ChangeItemAsync(id, i => i.Title = "Kinship carers and the wombatfruit pilot");
        await site.RunIndexWorkerAsync();
        Assert.Empty(site.Titles("quokkaberry"));
        Assert.Single(site.Titles("wombatfruit"));

        await site.ChangeItemAsync(id, i => i.IsPublished = false);
        await site.RunIndexWorkerAsync();
        Assert.Empty(site.Titles("wombatfruit"));

        await site.ChangeItemAsync(id, i => i.IsPublished = true);
        await site.RunIndexWorkerAsync();
        Assert.Single(site.Titles("wombatfruit"));

        await site.DeleteItemAsync(id);
        await site.RunIndexWorkerAsync();
        Assert.Empty(site.Titles("wombatfruit"));
        Assert.Equal(0, await site.RunIndexWorkerAsync());
    }

    [Fact]
    public async Task A_deleted_index_folder_is_rebuilt_on_start_with_the_same_count()
    {
        _ = site.Server;
        for (var i = 0; i < 25; i++)
        {
            await site.AddItemAsync($"Rebuild sample {i}", "Practice with families.");
        }

        await site.RunIndexWorkerAsync();
        var before = await site.WithScopeAsync(sp => sp.GetRequiredService<Core.Data.AccreditationDbContext>().Set<Library.ResearchItem>().CountAsync(i => i.IsPublished));
        Assert.True(before >= 25);

        Index.Close();
        Directory.Delete(Index.Path, recursive: true);
        Index.EnsureOpen(); // what start-up does
        Assert.True(Index.NeedsRebuild);
        await site.RunIndexWorkerAsync();
        Assert.False(Index.NeedsRebuild);
        Assert.Equal(before, Index.Count);
        Assert.Equal(25, site.Search("\"rebuild sample\"", request: new ResearchSearchRequest()).Total);
    }

    [Fact]
    public async Task A_damaged_index_is_rebuilt_from_the_database()
    {
        _ = site.Server;
        await site.AddItemAsync("Damaged index sample", "Text.");
        await site.RunIndexWorkerAsync();
        var before = Index.Count;

        Index.Close();
        foreach (var file in Directory.GetFiles(Index.Path, "segments_*"))
        {
            await File.WriteAllTextAsync(file, "this is not a segments file");
        }

        Index.EnsureOpen();
        Assert.True(Index.NeedsRebuild);
        await site.RunIndexWorkerAsync();
        Assert.Equal(before, Index.Count);
        Assert.Single(site.Titles("\"damaged index sample\""));
    }

    [Fact]
    public async Task A_stopped_rebuild_resumes_after_its_last_committed_batch()
    {
        _ = site.Server;
        for (var i = 0; i < IndexWorker.RebuildBatchSize + 5; i++)
        {
            await site.AddItemAsync($"Resume sample {i}", "");
        }

        await site.RunIndexWorkerAsync();
        var count = Index.Count;

        // A rebuild that committed one batch and then stopped.
        using (var stopped = Index.BeginRebuild(0))
        {
            stopped.AddBatch([new IndexedItem(Guid.Empty, "placeholder", "", null, "", "Other", "", "", [], [], null, "Public", "", "", 0)], Guid.Empty.ToString("N"));
        }

        var messages = new List<string>();
        Index.RequestRebuild();
        await site.RunIndexWorkerAsync(messages.Add);
        Assert.Contains(messages, m => m.StartsWith("Resuming", StringComparison.Ordinal));
        Assert.Equal(count + 1, Index.Count); // the placeholder of the first batch plus every item

        Index.RequestRebuild(); // a fresh rebuild drops the placeholder again
        await site.RunIndexWorkerAsync();
        Assert.Equal(count, Index.Count);
    }

    [Fact]
    public async Task A_match_only_in_the_full_text_shows_a_marked_passage_from_it()
    {
        _ = site.Server;
        await site.AddItemAsync("Full text passage sample", "An abstract without the word.",
            i => i.FullText = "## Findings\n\nCarers described the **zorblatting** of support plans as <b>helpful</b>.");
        await site.RunIndexWorkerAsync();
        var hit = Assert.Single(site.Search("zorblatting").Hits);
        Assert.Contains("<mark>zorblatting</mark>", hit.PassageHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", hit.PassageHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_page_shows_documents_and_changes_waiting()
    {
        _ = site.Server;
        await site.RunIndexWorkerAsync();
        await site.AddItemAsync("Waiting sample", "");
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var page = await client.GetDocumentAsync("/admin/research/index");
        Assert.Equal("1", page.QuerySelector("#queue")!.TextContent.Trim());
        await site.RunIndexWorkerAsync();
        page = await client.GetDocumentAsync("/admin/research/index");
        Assert.Equal("0", page.QuerySelector("#queue")!.TextContent.Trim());
        Assert.Equal(Index.Count.ToString("N0"), page.QuerySelector("#documents")!.TextContent.Trim());
        // The test sites turn search by meaning off: the page says search runs on words alone, and why.
        Assert.StartsWith("Off: search ranks by words alone (BM25). Search by meaning is turned off", page.QuerySelector("#meaning")!.TextContent.Trim(), StringComparison.Ordinal);
    }
}
