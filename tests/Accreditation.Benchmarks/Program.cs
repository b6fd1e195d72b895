namespace Accreditation.Benchmarks;

/// <summary>Runs one benchmark, named by the first argument; each command lives in its own file.</summary>
public static class Program
{
    /// <summary>Dispatches to the command.</summary>
    public static async Task<int> Main(string[] args)
    {
        var rest = args.Skip(1).ToArray();
        switch (args.FirstOrDefault())
        {
            case "search":
                return await SearchBenchmark.RunAsync(rest);
            case "relevance":
                return RelevanceHarness.Run(rest);
            default:
                await Console.Error.WriteLineAsync("Usage: search [--items N] | relevance DIR");
                return 2;
        }
    }
}
