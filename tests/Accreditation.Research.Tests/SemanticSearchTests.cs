using System.Security.Claims;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Search;
using Accreditation.Research.Semantic;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Tests;

/// <summary>
/// Search by meaning through the site's own search service, with the real model (loaded once per test process):
/// questions that share no word with an item find it, access rules and filters hold for items found by meaning, and
/// without the model search falls back to words.
/// </summary>
public sealed class SemanticSearchTests(SemanticSearchTests.Library site) : IClassFixture<SemanticSearchTests.Library>
{
    private static readonly ClaimsPrincipal Visitor = new(new ClaimsIdentity());

    /// <summary>A site with search by meaning on and a small library, indexed and embedded once for the class.</summary>
    public sealed class Library : PlatformFactory, IAsyncLifetime
    {
        public Guid MissingFromCare { get; private set; }

        public Guid RestrictedRunaways { get; private set; }

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Research:Semantic:Enabled"] = "true" };

        public async Task InitializeAsync()
        {
            _ = Server;
            MissingFromCare = await this.AddItemAsync("Children missing from care",
                "Looked-after young people absent from their placements: return interviews and repeat episodes.",
                i => { i.Type = ResearchItemType.ResearchReview; });
            RestrictedRunaways = await this.AddItemAsync("Teenagers running away from children's homes",
                "A restricted review of young people who repeatedly run away from residential placements.",
                i => { i.Access = ResearchAccess.Restricted; i.Type = ResearchItemType.Evaluation; });
            await this.AddItemAsync("Supervision for newly qualified social workers", "Reflective supervision in the first year of practice.",
                i => i.Type = ResearchItemType.PracticeGuide);
            await this.AddItemAsync("Court skills", "Writing statements for care proceedings.", i => i.Type = ResearchItemType.PracticeGuide);
            await this.RunIndexWorkerAsync();
            Assert.Equal(0, Services.GetRequiredService<EmbeddingWorker>().RunOnce(int.MaxValue));
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private Task<ResearchSearchResults> SearchAsync(string text, ClaimsPrincipal? user = null, ResearchSearchRequest? request = null) =>
        site.Services.GetRequiredService<IResearchSearch>().SearchAsync((request ?? new ResearchSearchRequest()) with { Text = text }, user ?? Visitor);

    [Fact]
    public async Task A_question_sharing_no_word_with_an_item_finds_it_by_meaning()
    {
        // "kids", "keep", "disappearing" are in no item: by words alone nothing is found.
        var byWords = new ResearchSearcher(site.Services.GetRequiredService<ResearchIndex>(), Glossary.Empty, SearchTuning.Default);
        Assert.Equal(0, byWords.Search(new ResearchSearchRequest { Text = "kids disappearing" }, ResearchAudience.Public).Total);

        var found = await SearchAsync("kids disappearing");
        Assert.Equal(site.MissingFromCare, found.Hits[0].Id);
        Assert.True(found.ByMeaningOnly >= 1);
        Assert.Null(found.DidYouMean);

        var question = await SearchAsync("kids who keep going missing from home");
        Assert.Equal(site.MissingFromCare, question.Hits[0].Id);
    }

    [Fact]
    public async Task Items_found_by_meaning_obey_access_rules_and_filters()
    {
        // The restricted item is the nearest in meaning to this question, yet a visitor never gets it.
        var visitor = await SearchAsync("adolescents who run off from residential care");
        Assert.DoesNotContain(visitor.Hits, h => h.Id == site.RestrictedRunaways);
        Assert.All(visitor.Hits, h => Assert.Equal("Public", h.Access));
        Assert.All(visitor.Facets.SelectMany(f => f.Values), v => Assert.NotEqual("Restricted", v.Value));

        var restricted = site.Services.GetRequiredService<ResearchIndex>();
        var searcher = new ResearchSearcher(restricted, Glossary.Empty, SearchTuning.Default) { Vectors = restricted.Vectors, Embedder = SemanticModel.Default };
        Assert.Contains(searcher.Search(new ResearchSearchRequest { Text = "adolescents who run off from residential care" }, ResearchAudience.Restricted).Hits, h => h.Id == site.RestrictedRunaways);

        // A ticked type filter holds for items found by meaning as for those found by words.
        var guides = await SearchAsync("kids disappearing", request: new ResearchSearchRequest { Types = [nameof(ResearchItemType.PracticeGuide)] });
        Assert.DoesNotContain(guides.Hits, h => h.Id == site.MissingFromCare);
        Assert.All(guides.Hits, h => Assert.Equal(nameof(ResearchItemType.PracticeGuide), h.Type));
    }

    [Theory]
    [InlineData("young people placements")]
    [InlineData("kids disappearing")]
    [InlineData("adolescents who run off from residential care")]
    public async Task The_total_counts_each_item_a_visitor_may_see_once(string text)
    {
        // Words and meaning both find some items; the restricted item matches the words yet must not be counted (nor
        // make another item uncounted) for a visitor.
        var all = await SearchAsync(text, request: new ResearchSearchRequest { PageSize = 100 });
        Assert.DoesNotContain(all.Hits, h => h.Id == site.RestrictedRunaways);
        Assert.Equal(all.Hits.Select(h => h.Id).Distinct().Count(), all.Hits.Count);
        Assert.Equal(all.Hits.Count, all.Total);

        // The same count whichever way the words are matched: a term at a time or by Lucene's scorers, in one pass or two.
        var index = site.Services.GetRequiredService<ResearchIndex>();
        foreach (var searcher in new[]
        {
            new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default) { Vectors = index.Vectors, Embedder = SemanticModel.Default, TermAtATime = false },
            new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default) { Vectors = index.Vectors, Embedder = SemanticModel.Default, Parallelism = 2, MinDocumentsPerPart = 1 },
        })
        {
            var found = searcher.Search(new ResearchSearchRequest { Text = text, PageSize = 100 }, ResearchAudience.Public);
            Assert.Equal(all.Hits.Select(h => h.Id).Order(), found.Hits.Select(h => h.Id).Order());
            Assert.Equal(found.Hits.Count, found.Total);
        }
    }

    [Fact]
    public async Task Without_the_model_search_ranks_by_words_alone_and_the_admin_page_says_so()
    {
        var off = new SemanticModel(enabled: false);
        Assert.Null(off.Embedder);
        Assert.Contains("turned off", off.Problem, StringComparison.Ordinal);
        var words = new ResearchSearch(site.Services.GetRequiredService<ResearchIndex>(), site.Services.GetRequiredService<GlossarySource>(), off);
        Assert.Equal(0, (await words.SearchAsync(new ResearchSearchRequest { Text = "kids disappearing" }, Visitor)).Total);
        Assert.Equal("Children missing from care", Assert.Single((await words.SearchAsync(new ResearchSearchRequest { Text = "missing" }, Visitor)).Hits).Title);

        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var page = await client.GetDocumentAsync("/admin/research/index");
        Assert.StartsWith("On: 4 of 4 items embedded", page.QuerySelector("#meaning")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_vector_store_keeps_its_vectors_in_a_file_and_drops_an_items_old_ones()
    {
        var path = Path.Combine(Path.GetTempPath(), "vectors-" + Guid.NewGuid().ToString("N"), "research.vectors");
        using var store = new VectorStore(path, dimensions: 3);
        store.Set("a", 1, [[1, 0, 0], [0, 1, 0]]);
        store.Set("b", 2, [[0.6f, 0.8f, 0]]);
        store.Set("a", 3, [[0, 0, 1]]);
        Assert.Equal(["a", "b"], store.Nearest([0, 0.6f, 0.8f], 5).Select(n => n.Key));
        store.Save();
        using var read = new VectorStore(path, dimensions: 3);
        Assert.True(read.Load());
        Assert.Equal(new Dictionary<string, ulong> { ["a"] = 3, ["b"] = 2 }, read.Hashes());
        read.Remove("b");
        Assert.Equal("a", Assert.Single(read.Nearest([0, 1, 0], 5)).Key);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Similarities_kept_in_eight_bits_stay_within_a_hundredth_of_the_exact_ones_and_survive_the_file()
    {
        var random = new Random(11);
        float[] Unit()
        {
            var v = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        var vectors = Enumerable.Range(0, 50).Select(_ => Unit()).ToList();
        var query = vectors[0].Select((x, d) => x + (vectors[1][d] * 0.7f)).ToArray();
        var norm = MathF.Sqrt(query.Sum(x => x * x));
        query = query.Select(x => x / norm).ToArray();
        var path = Path.Combine(Path.GetTempPath(), "vectors-" + Guid.NewGuid().ToString("N"), "research.vectors");
        using var store = new VectorStore(path);
        for (var i = 0; i < vectors.Count; i++)
        {
            store.Set("item" + i, 0, [vectors[i]]);
        }

        var found = store.Nearest(query, 50);
        Assert.Equal(50, found.Count);
        foreach (var (key, similarity) in found)
        {
            var exact = System.Numerics.Tensors.TensorPrimitives.Dot(vectors[int.Parse(key[4..], System.Globalization.CultureInfo.InvariantCulture)], query);
            Assert.InRange(similarity, exact - 0.01f, exact + 0.01f);
        }

        Assert.Equal(["item0", "item1"], found.Take(2).Select(f => f.Key));
        store.Save();
        using var read = new VectorStore(path);
        Assert.True(read.Load());
        Assert.Equal(found, read.Nearest(query, 50));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(384)] // the model's size, which the scan of signs has a loop of its own for
    public void A_large_store_compares_signs_first_and_still_finds_the_nearest(int dimensions)
    {
        var random = new Random(7);
        float[] Unit()
        {
            var v = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            return v.Select(x => x / norm).ToArray();
        }

        static string Key(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var vectors = Enumerable.Range(0, 2000).Select(_ => Unit()).ToList();
        using var exact = new VectorStore("unused", dimensions) { ExactUpTo = int.MaxValue };
        using var bySigns = new VectorStore("unused", dimensions) { ExactUpTo = 100, Candidates = 200 };
        for (var i = 0; i < vectors.Count; i++)
        {
            exact.Set(Key(i), 0, [vectors[i]]);
            bySigns.Set(Key(i), 0, [vectors[i]]);
        }

        for (var q = 0; q < 20; q++)
        {
            var query = vectors[q * 97];
            Assert.Equal(Key(q * 97), bySigns.Nearest(query, 1)[0].Key);
            // Of the exact ten nearest, most come through the comparison of signs.
            var best = exact.Nearest(query, 10).Select(n => n.Key).ToHashSet();
            Assert.True(bySigns.Nearest(query, 10).Count(n => best.Contains(n.Key)) >= 7);
        }

        // A removed item's row keeps its old signs until it is reused, yet is never a candidate again.
        var removed = Enumerable.Range(0, 20).Select(q => Key(q * 97)).ToHashSet();
        foreach (var key in removed)
        {
            bySigns.Remove(key);
        }

        for (var q = 0; q < 20; q++)
        {
            var found = bySigns.Nearest(vectors[q * 97], 10);
            Assert.Equal(10, found.Count);
            Assert.DoesNotContain(found, n => removed.Contains(n.Key));
        }
    }
}
