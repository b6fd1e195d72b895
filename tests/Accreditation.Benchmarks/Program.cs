using Accreditation.Benchmarks;

// WebApplicationFactory finds the site's content root through MvcTestingAppManifest.json in the current directory.
Directory.SetCurrentDirectory(AppContext.BaseDirectory);

// Each benchmark is one command in its own file; add new ones (search, sittings) to this list.
IReadOnlyList<IBenchmark> benchmarks =
[
    new EmailBenchmark(),
];

if (args.Length == 0 || benchmarks.FirstOrDefault(b => b.Name == args[0]) is not { } benchmark)
{
    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/Accreditation.Benchmarks -- COMMAND [options]");
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
