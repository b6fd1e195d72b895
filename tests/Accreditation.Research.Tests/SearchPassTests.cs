using Accreditation.Research.Indexing;
using Accreditation.Research.Search;

namespace Accreditation.Research.Tests;

/// <summary>
/// The search engine on its own index (no site): results and filter counts checked against counting the items by hand,
/// for one pass and for a search split over several passes; phrases by word pairs; an index of the earlier format.
/// </summary>
public sealed class SearchPassTests : IDisposable
{
    private static readonly string[] Vocabulary = ["neglect", "kinship", "trauma", "housing", "fostering", "advocacy", "resilience", "poverty"];
    private static readonly string[] Types = ["ResearchReview", "PracticeGuide", "Briefing"];
    private static readonly string[] Topics = ["Alpha", "Beta", "Gamma", "Delta"];
    private static readonly string[] Statements = ["PL-1", "PL-2", "PL-3", "PL-4", "PL-5"];
    private static readonly string?[] EvidenceLevels = [null, "Strong", "Moderate"];
    private static readonly string[] Access = ["Public", "Staff", "Restricted"];

    private readonly string folder = Path.Combine(Path.GetTempPath(), "search-pass-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Results_and_every_filter_count_match_counting_by_hand_in_one_pass_and_in_several()
    {
        var items = Library(3_000, seed: 7);
        using var index = IndexOf(items, commits: 4);

        // Some items changed after indexing: their old documents are deleted, so counts must skip deleted documents.
        var random = new Random(11);
        for (var i = 0; i < 150; i++)
        {
            var k = random.Next(items.Count);
            items[k] = items[k] with { Type = Types[random.Next(Types.Length)], Access = Access[random.Next(Access.Length)] };
            index.Upsert(items[k]);
        }

        index.Commit(2, DateTimeOffset.UnixEpoch);
        Assert.True(index.Search(s => s.IndexReader.Leaves.Count) >= 4);

        // The site searches in one pass on the request's thread (a split search cost throughput under concurrent load).
        Assert.Equal(1, new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default).Parallelism);
        Assert.Single(index.Search(s => SearchPass.SplitIntoParts(s.IndexReader, 1, minDocumentsPerPart: 1)));
        var one = new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default) { CacheBrowsing = false, Parallelism = 1 };
        var several = new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default) { CacheBrowsing = false, Parallelism = 3, MinDocumentsPerPart = 200 };
        ResearchSearchRequest[] requests =
        [
            new(),
            new() { Text = "neglect" },
            new() { Text = "kinship OR trauma" },
            new() { Text = "housing", Types = ["PracticeGuide"] },
            new() { Text = "poverty", Types = ["Briefing", "ResearchReview"], YearFrom = 2015 },
            new() { Types = ["ResearchReview"], Topics = ["Beta", "Gamma"], KssStatements = ["PL-2"] },
            new() { Text = "fostering", EvidenceLevels = ["Strong"], YearFrom = 2012, YearTo = 2018, Sort = ResearchSort.Newest },
            new() { Text = "resilience advocacy", Access = ["Public"] },
        ];

        foreach (var audience in new[] { ResearchAudience.Public, ResearchAudience.Staff, ResearchAudience.Restricted })
        {
            foreach (var request in requests)
            {
                var expected = Expected(items, request, audience);
                for (var page = 1; page <= 3; page++)
                {
                    var paged = request with { Page = page, PageSize = 10 };
                    var a = one.Search(paged, audience, suggest: false);
                    var b = several.Search(paged, audience, suggest: false);
                    var context = $"{audience} {request.Text} page {page}";
                    Assert.True(expected.Total == a.Total, $"{context}: total {a.Total}, by hand {expected.Total}");
                    Assert.Equal(a.Total, b.Total);
                    Assert.Equal(a.Hits.Select(h => (h.Id, h.Score)).ToList(), b.Hits.Select(h => (h.Id, h.Score)).ToList());
                    Assert.All(a.Hits, h => Assert.Contains(h.Id, expected.Ids));
                    foreach (var facet in new[] { "type", "topic", "year", "evidence", "access", "kss" })
                    {
                        var byHand = expected.Facets[facet];
                        Assert.True(byHand.SequenceEqual(Counts(a, facet)), $"{context} {facet}: {Show(Counts(a, facet))} by hand {Show(byHand)}");
                        Assert.Equal(Counts(a, facet), Counts(b, facet));
                    }
                }
            }
        }
    }

    [Fact]
    public void Term_at_a_time_finds_and_scores_as_Lucene_s_own_scorers_do()
    {
        var items = Library(3_000, seed: 5);
        items[0] = items[0] with { Title = "Family group conference report", Abstract = "A family group conference for the child in need" };
        items[1] = items[1] with { Title = "FGC report", Body = "Practice in the FGC and the child's need" };
        using var index = IndexOf(items, commits: 4);
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var k = random.Next(items.Count);
            items[k] = items[k] with { Access = Access[random.Next(Access.Length)] };
            index.Upsert(items[k]); // deleted documents must be skipped by both
        }

        index.Commit(2, DateTimeOffset.UnixEpoch);
        var glossary = new Glossary(Glossary.Defaults.Select(Glossary.Split), index.Analyzer);
        string[] texts =
        [
            "neglect", "neglect kinship trauma", "neglect AND trauma", "+housing poverty", "kinship OR housing -poverty",
            "(neglect OR kinship) AND NOT trauma", "\"practice neglect\"", "title:trauma", "abstract:\"kinship practice\"",
            "FGC", "\"family group conference\" neglect", "CiN", "author:smith", "practice", "NOT practice", "report",
            "\"practice neglect practice\"", "\"practice practice practice practice\" kinship", "title:\"kinship practice report\"",
        ];
        var halves = SearchTuning.Default with { MinimumShouldMatch = n => (n + 1) / 2 };
        foreach (var tuning in new[] { SearchTuning.Default, halves })
        {
            var byTerm = new ResearchSearcher(index, glossary, tuning) { CacheBrowsing = false, Parallelism = 2, MinDocumentsPerPart = 500 };
            var byLucene = new ResearchSearcher(index, glossary, tuning) { CacheBrowsing = false, Parallelism = 2, MinDocumentsPerPart = 500, TermAtATime = false };
            foreach (var audience in new[] { ResearchAudience.Public, ResearchAudience.Restricted })
            {
                foreach (var text in texts)
                {
                    foreach (var request in new ResearchSearchRequest[]
                    {
                        new() { Text = text, PageSize = 100 },
                        new() { Text = text, PageSize = 100, Types = ["Briefing"], YearFrom = 2014 },
                        new() { Text = text, PageSize = 100, OnlyItems = items.Take(500).Select(i => i.Id).ToList() },
                    })
                    {
                        var a = byTerm.Search(request, audience, suggest: false);
                        var b = byLucene.Search(request, audience, suggest: false);
                        var context = $"{audience} {text} (minimum {tuning.MinimumShouldMatch(3)} of 3)";
                        Assert.True(a.Total == b.Total, $"{context}: {a.Total} found a term at a time, {b.Total} by Lucene");
                        Assert.Equal(b.Hits.Count, a.Hits.Count);
                        for (var i = 0; i < a.Hits.Count; i++)
                        {
                            // Scores agree but for the order of additions (the last bits of a float); where two scores
                            // are that close, either document may come first.
                            Assert.True(Math.Abs(a.Hits[i].Score - b.Hits[i].Score) <= 1e-5 * Math.Max(1, b.Hits[i].Score), $"{context}: score {a.Hits[i].Score} at {i}, Lucene {b.Hits[i].Score}");
                            if (a.Hits[i].Id != b.Hits[i].Id)
                            {
                                var other = b.Hits.ToList().FindIndex(h => h.Id == a.Hits[i].Id);
                                Assert.True(other < 0 ? i == a.Hits.Count - 1 || Math.Abs(a.Hits[i].Score - a.Hits[^1].Score) <= 1e-5 : Math.Abs(b.Hits[other].Score - a.Hits[i].Score) <= 1e-5 * Math.Max(1, a.Hits[i].Score), $"{context}: hit {i} differs");
                            }
                        }

                        foreach (var facet in new[] { "type", "topic", "year", "evidence", "access", "kss" })
                        {
                            Assert.Equal(Counts(b, facet), Counts(a, facet));
                        }
                    }
                }
            }
        }

        // The phrases and the glossary forms found something (so the comparison above covered them).
        var searcher = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false };
        Assert.Equal(2, searcher.Search(new ResearchSearchRequest { Text = "FGC" }, ResearchAudience.Restricted, suggest: false).Total);
        Assert.True(searcher.Search(new ResearchSearchRequest { Text = "\"practice neglect\"" }, ResearchAudience.Restricted, suggest: false).Total > 10);
    }

    [Fact]
    public void No_phrase_spans_two_topics()
    {
        IndexedItem[] items = [Item("One", "", "") with { Topics = ["Child protection", "Neglect"] }];
        using var index = IndexOf(items, commits: 1);
        var searcher = new ResearchSearcher(index, Glossary.Empty, SearchTuning.Default) { CacheBrowsing = false };
        int Found(string text) => searcher.Search(new ResearchSearchRequest { Text = text }, ResearchAudience.Restricted, suggest: false).Total;
        Assert.Equal(1, Found("topics:\"child protection\""));
        Assert.Equal(1, Found("topics:neglect"));
        Assert.Equal(0, Found("topics:\"protection neglect\""));
        Assert.Equal(0, Found("\"protection neglect\""));
    }

    [Fact]
    public void A_phrase_finds_its_words_in_order_stop_words_included_in_every_field()
    {
        IndexedItem[] items =
        [
            Item("Help for a child in need", "", ""),
            Item("Housing", "", "Help for a child of need, which is a different phrase."),
            Item("Plans", "Child protection plans and how they are reviewed.", ""),
            Item("Protection of the child", "", "Protection first; the child later."),
            Item("Meetings", "", "A family group conference brings the wider family together."),
            Item("Other meetings", "", "The family group and a conference about something else."),
        ];
        using var index = IndexOf(items, commits: 1);
        var glossary = new Glossary(Glossary.Defaults.Select(Glossary.Split), index.Analyzer);
        var searcher = new ResearchSearcher(index, glossary, SearchTuning.Default) { CacheBrowsing = false };
        List<string> Titles(string text) => searcher.Search(new ResearchSearchRequest { Text = text }, ResearchAudience.Restricted, suggest: false).Hits.Select(h => h.Title).Order().ToList();

        Assert.Equal(["Help for a child in need"], Titles("\"child in need\""));
        Assert.Equal(["Help for a child in need"], Titles("CiN"));
        Assert.Equal(["Plans"], Titles("\"child protection\""));
        Assert.Equal(["Plans"], Titles("\"the child protection\"")); // leading and trailing stop words do not count
        Assert.Equal(["Meetings"], Titles("\"family group conference\""));
        Assert.Equal(["Meetings"], Titles("FGC"));
        Assert.Equal(["Meetings", "Other meetings"], Titles("\"family group\""));
        Assert.Equal(["Plans"], Titles("abstract:\"protection plans\""));
        Assert.Empty(Titles("title:\"protection plans\""));
    }

    [Fact]
    public void An_index_of_an_earlier_format_asks_for_a_rebuild_and_answers_meanwhile()
    {
        IndexedItem[] items = [Item("A child in need", "", "Help") with { Topics = ["Children in need"] }, Item("Family group conference", "About them", "")];
        var path = Path.Combine(folder, "index");
        using (var index = IndexOf(items, commits: 1, path))
        {
            Assert.Equal(IndexFields.Paired, index.PairedFields);
            Assert.Contains($"format {ResearchIndex.CurrentFormat}", File.ReadAllText(index.CheckpointPath), StringComparison.Ordinal);
        }

        // What an earlier version wrote: the checkpoint without a format line.
        var checkpoint = path + ".checkpoint";
        File.WriteAllLines(checkpoint, File.ReadAllLines(checkpoint).Take(2));
        using var earlier = new ResearchIndex(path);
        earlier.EnsureOpen();
        Assert.Equal(IndexFields.Paired, earlier.PairedFields); // read from the index itself, not the checkpoint
        Assert.True(earlier.NeedsRebuild);
        Assert.Contains("format 1", earlier.RebuildReason, StringComparison.Ordinal);
        var searcher = new ResearchSearcher(earlier, Glossary.Empty, SearchTuning.Default);
        Assert.Equal(1, searcher.Search(new ResearchSearchRequest { Text = "\"family group conference\"" }, ResearchAudience.Restricted).Total);

        using (var rebuild = earlier.BeginRebuild(1))
        {
            rebuild.AddBatch(items, IndexedItem.Key(items[^1].Id));
            rebuild.Complete(DateTimeOffset.UnixEpoch);
        }

        Assert.Equal(IndexFields.Paired, earlier.PairedFields);
        Assert.False(earlier.NeedsRebuild);
        Assert.Equal(1, searcher.Search(new ResearchSearchRequest { Text = "\"family group conference\"" }, ResearchAudience.Restricted).Total);
    }

    private ResearchIndex IndexOf(IReadOnlyList<IndexedItem> items, int commits, string? path = null)
    {
        var index = new ResearchIndex(path ?? Path.Combine(folder, Guid.NewGuid().ToString("N")));
        index.EnsureOpen();
        var per = (items.Count + commits - 1) / commits;
        for (var c = 0; c < commits; c++)
        {
            foreach (var item in items.Skip(c * per).Take(per))
            {
                index.Upsert(item);
            }

            index.Commit(1, DateTimeOffset.UnixEpoch); // each commit writes a segment
        }

        return index;
    }

    private static IndexedItem Item(string title, string summary, string body) =>
        new(Guid.NewGuid(), title, "Smith", 2020, "", "ResearchReview", summary, body, [], [], null, "Public", "", "", 1);

    private static List<IndexedItem> Library(int count, int seed)
    {
        var random = new Random(seed);
        string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? Vocabulary[random.Next(Vocabulary.Length)] : "practice"));
        T[] Some<T>(T[] from) => from.Where(_ => random.Next(3) == 0).ToArray();
        return Enumerable.Range(0, count).Select(i => new IndexedItem(
            new Guid(i + 1, 0, 0, new byte[8]),
            Words(3) + " report",
            "Smith",
            random.Next(6) == 0 ? null : 2010 + random.Next(15),
            "",
            Types[random.Next(Types.Length)],
            Words(6),
            Words(random.Next(10, 40)),
            Some(Topics),
            Some(Statements),
            EvidenceLevels[random.Next(EvidenceLevels.Length)],
            Access[random.Next(Access.Length)],
            "",
            "",
            i)).ToList();
    }

    private sealed record Expectation(int Total, HashSet<Guid> Ids, Dictionary<string, SortedDictionary<string, int>> Facets);

    // Counting by hand: the items the audience may see that contain the words and pass the filters; a ticked filter's
    // own values over the items passing every other filter.
    private static Expectation Expected(List<IndexedItem> items, ResearchSearchRequest request, ResearchAudience audience)
    {
        var words = (request.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w != "OR").ToList();
        var visible = items.Where(i => audience switch
        {
            ResearchAudience.Public => i.Access == "Public",
            ResearchAudience.Staff => i.Access is "Public" or "Staff",
            _ => true,
        }).Where(i => words.Count == 0 || words.Any(w => $"{i.Title} {i.Abstract} {i.Body}".Split(' ').Contains(w))).ToList();

        var filters = new Dictionary<string, Func<IndexedItem, bool>>();
        if (request.Types.Count > 0)
        {
            filters["type"] = i => request.Types.Contains(i.Type);
        }

        if (request.Topics.Count > 0)
        {
            filters["topic"] = i => i.Topics.Any(request.Topics.Contains);
        }

        if (request.EvidenceLevels.Count > 0)
        {
            filters["evidence"] = i => i.Evidence is { } e && request.EvidenceLevels.Contains(e);
        }

        if (request.Access.Count > 0)
        {
            filters["access"] = i => request.Access.Contains(i.Access);
        }

        if (request.KssStatements.Count > 0)
        {
            filters["kss"] = i => i.KssStatements.Any(request.KssStatements.Contains);
        }

        if (request.YearFrom is not null || request.YearTo is not null)
        {
            filters["year"] = i => i.Year is { } y && y >= (request.YearFrom ?? int.MinValue) && y <= (request.YearTo ?? int.MaxValue);
        }

        List<IndexedItem> Passing(string? except) => visible.Where(i => filters.Where(f => f.Key != except).All(f => f.Value(i))).ToList();
        var matches = Passing(null);
        var facets = new Dictionary<string, SortedDictionary<string, int>>();
        foreach (var (facet, values) in new (string, Func<IndexedItem, IEnumerable<string>>)[]
        {
            ("type", i => [i.Type]),
            ("topic", i => i.Topics),
            ("year", i => i.Year is { } y ? [y.ToString(System.Globalization.CultureInfo.InvariantCulture)] : []),
            ("evidence", i => i.Evidence is { } e ? [e] : []),
            ("access", i => [i.Access]),
            ("kss", i => i.KssStatements),
        })
        {
            var counted = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var value in (filters.ContainsKey(facet) ? Passing(facet) : matches).SelectMany(values))
            {
                counted[value] = counted.GetValueOrDefault(value) + 1;
            }

            facets[facet] = counted;
        }

        return new Expectation(matches.Count, matches.Select(i => i.Id).ToHashSet(), facets);
    }

    private static SortedDictionary<string, int> Counts(ResearchSearchResults results, string facet) =>
        new(results.FacetOf(facet).Values.Where(v => v.Count > 0).ToDictionary(v => v.Value, v => v.Count), StringComparer.Ordinal);

    private static string Show(SortedDictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"));
}
