using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Privacy;

namespace Accreditation.Benchmarks;

/// <summary>
/// The privacy review the candidate's task list runs on every view (every part of every evidence item through the
/// scanner), without and with the per-item cache, in one run: portfolios of 8 items shaped as the national generator
/// makes them and as long as real ones are, each viewed unchanged and with one item changed between views. Prints the
/// median time per view and the ratio of cached to uncached.
/// </summary>
public sealed class PrivacyReviewBenchmark : IBenchmark
{
    private static readonly string[] Words =
    [
        "supervision", "family", "reflection", "practice", "the", "and", "with", "we", "discussed", "risk", "plan", "child",
        "support", "team", "meeting", "review", "of", "a", "in", "to", "leadership", "learning", "assessment", "visit",
    ];

    /// <inheritdoc />
    public string Name => "privacy-review";

    /// <inheritdoc />
    public string Description => "the task list's privacy review with and without its cache: privacy-review [--views 200]";

    /// <inheritdoc />
    public Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var views = arguments.Number("views", 200, 10);
        Console.WriteLine($"Privacy review of one portfolio of 8 items, median of {views} views, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"portfolio",-44} {"characters",11} {"findings",9} {"uncached ms",12} {"cached ms",10} {"ratio",7}");
        foreach (var (name, bodyWords, fileChars, rationaleWords, changeOne) in new[]
        {
            ("national shape (120-word accounts)", 120, 24, 12, false),
            ("national shape, one item changed each view", 120, 24, 12, true),
            ("long (1,500 words, 20k-char files)", 1500, 20_000, 60, false),
            ("long, one item changed each view", 1500, 20_000, 60, true),
        })
        {
            var random = new Random(17);
            var statements = Enumerable.Range(1, 6).ToDictionary(_ => Guid.NewGuid(), n => n);
            var items = Enumerable.Range(0, 8).Select(i => Item(random, i, statements.Keys.ToList(), bodyWords, fileChars, rationaleWords)).ToList();
            var characters = items.Sum(i => i.Title.Length + i.Body.Length + (i.File?.ExtractedText.Length ?? 0) + i.Mappings.Sum(m => m.Rationale.Length));
            var findings = PrivacyReview.Scan(items, statements).Count;
            using var cache = new PrivacyScanCache();
            PrivacyReview.Scan(items, statements, cache); // warm: the first view scans everything either way

            var uncached = new List<double>();
            var cached = new List<double>();
            for (var v = 0; v < views; v++)
            {
                if (changeOne)
                {
                    // An autosave between two views: one item's text is new.
                    items[v % items.Count].Body += " " + Words[v % Words.Length];
                }

                // Alternated, so that both see the same machine load.
                var watch = Stopwatch.StartNew();
                PrivacyReview.Scan(items, statements);
                uncached.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                PrivacyReview.Scan(items, statements, cache);
                cached.Add(watch.Elapsed.TotalMilliseconds);
            }

            var before = Median(uncached);
            var after = Median(cached);
            Console.WriteLine($"{name,-44} {characters,11:N0} {findings,9:N0} {F(before),12} {F(after),10} {(after / before).ToString("0.000", CultureInfo.InvariantCulture),7}");
        }

        return Task.FromResult(0);
    }

    private static EvidenceItem Item(Random random, int index, IReadOnlyList<Guid> statements, int bodyWords, int fileChars, int rationaleWords)
    {
        var item = new EvidenceItem
        {
            Id = Guid.NewGuid(), Kind = index % 4 == 0 ? EvidenceKind.Document : EvidenceKind.ReflectiveAccount, Title = Sentence(random, 5),
            // One item in three names somebody, as real accounts sometimes do before the candidate redacts them.
            Body = Sentence(random, bodyWords) + (index % 3 == 0 ? " Mrs Jane Smith called from SW1A 1AA." : ""),
        };
        if (index % 4 == 0)
        {
            var text = new StringBuilder();
            while (text.Length < fileChars)
            {
                text.Append(Sentence(random, 20)).Append(' ');
            }

            item.File = new PortfolioFile { Id = Guid.NewGuid(), FileName = $"evidence-{index}.pdf", ContentType = "application/pdf", Sha256 = "", ExtractedText = text.ToString(0, fileChars) };
        }

        foreach (var statement in statements.Take(1 + (index % 3)))
        {
            item.Mappings.Add(new EvidenceMapping { Id = Guid.NewGuid(), ItemId = item.Id, StatementId = statement, Rationale = Sentence(random, rationaleWords) });
        }

        return item;
    }

    private static string Sentence(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);

    private static string F(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
}
