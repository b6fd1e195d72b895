using Accreditation.Research.Indexing;

namespace Accreditation.Research.Tests;

/// <summary>
/// Searches that arrive while the index is being opened, or closed and opened again, wait for it and answer: a page that
/// shows research (a framework statement's resources, the research page) must never fail because another request was
/// opening the index at that moment.
/// </summary>
public sealed class IndexOpeningTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "index-opening-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Searches_during_opening_and_reopening_always_answer()
    {
        var path = Path.Combine(folder, "index");
        using (var first = new ResearchIndex(path))
        {
            first.EnsureOpen(); // an index on disk, so each opening reads it (the slower path)
        }

        using var index = new ResearchIndex(path);
        var problems = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var searches = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var searchers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    Assert.Equal(0, index.Count);
                    Interlocked.Increment(ref searches);
                }
                catch (Exception ex)
                {
                    problems.Add(ex);
                }
            }
        })).ToArray();

        var closes = 0;
        while (!stop.IsCancellationRequested)
        {
            index.Close(); // the next search opens it again
            closes++;
            Thread.Yield();
        }

        await Task.WhenAll(searchers);
        Assert.Empty(problems);
        Assert.True(searches > 0 && closes > 0, $"{searches} searches, {closes} closes");
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
