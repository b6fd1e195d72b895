using Accreditation.Benchmarks;

// WebApplicationFactory finds the site's content root through MvcTestingAppManifest.json in the current directory;
// a folder given on the command line is read from where the command was run.
var launchedFrom = Directory.GetCurrentDirectory();
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

// Each benchmark is one command in its own file.
IReadOnlyList<IBenchmark> benchmarks =
[
    new EmailBenchmark(),
    new SittingsBenchmark(),
    new PrivacyScanBenchmark(),
    new PrivacyReviewBenchmark(),
    new ClusterBenchmark(),
    new NationalBenchmark(),
    new LoadBenchmark(),
];

switch (args.FirstOrDefault())
{
    case "search":
        return await SearchBenchmark.RunAsync(args[1..]);
    case "relevance":
        return RelevanceHarness.Run([.. args[1..].Select(a => a.StartsWith("--", StringComparison.Ordinal) ? a : Path.GetFullPath(a, launchedFrom))]);
}

if (args.Length == 0 || benchmarks.FirstOrDefault(b => b.Name == args[0]) is not { } benchmark)
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/Accreditation.Benchmarks -- COMMAND [options]");
    Console.Error.WriteLine($"  {"search",-10} Lucene against SQLite FTS5 on a generated corpus: search [--items N] [--concurrency C]");
    Console.Error.WriteLine($"  {"relevance",-10} nDCG@10, MAP@100, Recall@100 on a BEIR-layout folder: relevance DIR");
    foreach (var b in benchmarks)
    {
        Console.Error.WriteLine($"  {b.Name,-10} {b.Description}");
    }

    return 2;
}

try
{
    return await benchmark.RunAsync(BenchmarkArguments.Parse(args[1..]));
}
catch (BenchmarkArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
