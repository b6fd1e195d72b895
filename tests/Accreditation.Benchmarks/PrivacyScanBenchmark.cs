using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accreditation.Portfolios.Privacy;

namespace Accreditation.Benchmarks;

/// <summary>
/// The privacy check's scanner on texts of doubling length, ordinary and hostile (runs of spaces after "case", "dob" and
/// "Mr", letters with no "@", long digit runs): prints the time per text and per thousand characters, with each size's
/// ratio to the smallest, so a linear scanner shows a flat cost per character.
/// </summary>
public sealed class PrivacyScanBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "privacy";

    /// <inheritdoc />
    public string Description => "privacy scanner on texts of doubling length: privacy [--max 400000] [--runs 5]";

    /// <inheritdoc />
    public Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var max = arguments.Number("max", 400_000, 25_000);
        var runs = arguments.Number("runs", 5);
        var kinds = new (string Name, Func<int, string> Make)[]
        {
            ("ordinary account", Ordinary),
            ("spaces after case/dob/Mr", n => Repeat("case dob Mr child " + new string(' ', 4000) + "x ", n)),
            ("letters with no @", n => new string('a', n)),
            ("digit runs", n => Repeat(new string('7', 5000) + " ", n)),
        };

        Console.WriteLine($"Privacy scanner, median of {runs} runs, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"text",-26} {"characters",11} {"findings",9} {"ms",9} {"µs/1k chars",12} {"ratio",7}");
        foreach (var (name, make) in kinds)
        {
            double? baseline = null;
            for (var n = max / 16; n <= max; n *= 2)
            {
                var text = make(n);
                var findings = PrivacyScanner.Scan(text).Count; // warm-up, and the count to print
                var times = new List<double>();
                for (var r = 0; r < runs; r++)
                {
                    var watch = Stopwatch.StartNew();
                    PrivacyScanner.Scan(text);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                var median = times.Order().ElementAt(times.Count / 2);
                var perThousand = median * 1000 / (text.Length / 1000.0);
                baseline ??= perThousand;
                Console.WriteLine($"{name,-26} {text.Length,11:N0} {findings,9:N0} {median.ToString("0.0", CultureInfo.InvariantCulture),9} {perThousand.ToString("0.0", CultureInfo.InvariantCulture),12} {(perThousand / baseline.Value).ToString("0.00", CultureInfo.InvariantCulture),7}");
            }
        }

        return Task.FromResult(0);
    }

    private static string Ordinary(int length) => Repeat(
        "In supervision with Child A we reflected on the Child Protection Conference. Mrs Jane Smith called on 07700 900123 " +
        "from SW1A 1AA about case ref 123456; her NHS number is 943 476 5919 and her date of birth 14/03/2015. ", length);

    private static string Repeat(string unit, int length)
    {
        var text = new StringBuilder(length + unit.Length);
        while (text.Length < length)
        {
            text.Append(unit);
        }

        return text.ToString(0, length);
    }
}
