using System.Globalization;

namespace Accreditation.Benchmarks;

/// <summary>One benchmark command: measures something and prints its figures with a ratio against a baseline from the same run.</summary>
public interface IBenchmark
{
    /// <summary>The command name, e.g. "email".</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    Task<int> RunAsync(BenchmarkArguments arguments);
}

/// <summary>Options given as "--name value" after the command.</summary>
public sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads "--name value" pairs.</summary>
    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new BenchmarkArguments();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new BenchmarkArgumentException($"Expected '--name value', found '{args[i]}'.");
            }

            parsed.values[args[i][2..]] = args[++i];
        }

        return parsed;
    }

    /// <summary>A whole-number option, or the fallback.</summary>
    public int Number(string name, int fallback, int min = 1) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min ? value
        : throw new BenchmarkArgumentException($"--{name} must be a whole number of at least {min}.");

    /// <summary>A positive decimal option (e.g. a scale of 0.02), or the fallback.</summary>
    public double Fraction(string name, double fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value) ? value
        : throw new BenchmarkArgumentException($"--{name} must be a number above 0, e.g. 0.02.");

    /// <summary>A text option, or null.</summary>
    public string? Text(string name) => values.TryGetValue(name, out var text) ? text : null;
}

/// <summary>The command line was not understood; the message says why.</summary>
public sealed class BenchmarkArgumentException(string message) : Exception(message);
