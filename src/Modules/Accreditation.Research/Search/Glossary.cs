using Accreditation.Research.Indexing;

namespace Accreditation.Research.Search;

/// <summary>
/// The synonym glossary of the field's abbreviations and terms ("FGC" = "family group conference"), expanded at query
/// time. Why query time: the glossary is edited by people in the database and an edit takes effect at once, with no
/// re-index of the library; term statistics stay true (an index-time expansion would inflate the document frequency
/// of every expanded term); and multi-word entries match as phrases in both directions, which Lucene 4.8's index-time
/// synonym filter cannot represent (the index has no token graph, so "family group conference" injected for "FGC"
/// would match "family" and "conference" anywhere). The cost is a slightly larger query.
/// </summary>
public sealed class Glossary
{
    private readonly Dictionary<string, List<Entry>> byFirstTerm = new(StringComparer.Ordinal);

    /// <summary>Builds the glossary: each group is a set of equivalent terms, each analysed as the index analyses text.</summary>
    public Glossary(IEnumerable<IReadOnlyList<string>> groups, ResearchAnalyzer analyzer)
    {
        foreach (var group in groups)
        {
            var variants = group
                .Select(term => (Text: term, Terms: analyzer.Terms(term)))
                .Where(t => t.Terms.Count > 0)
                .Select(t => new Variant(
                    t.Terms.Select(x => x.Term).ToArray(),
                    t.Terms.Select(x => x.PositionIncrement).ToArray(),
                    analyzer.PairsOf(t.Text, t.Terms.Select(x => x.Term).ToList())))
                .DistinctBy(v => string.Join(' ', v.Terms))
                .ToList();
            if (variants.Count < 2)
            {
                continue;
            }

            foreach (var variant in variants)
            {
                var entry = new Entry(variant, variants);
                if (!byFirstTerm.TryGetValue(variant.Terms[0], out var list))
                {
                    byFirstTerm[variant.Terms[0]] = list = [];
                }

                list.Add(entry);
            }
        }

        foreach (var list in byFirstTerm.Values)
        {
            list.Sort((a, b) => b.Variant.Terms.Length.CompareTo(a.Variant.Terms.Length));
        }
    }

    /// <summary>An empty glossary.</summary>
    public static Glossary Empty { get; } = new([], new ResearchAnalyzer());

    /// <summary>Parses glossary lines: equivalent terms separated by commas (or "=").</summary>
    public static IReadOnlyList<string> Split(string line) =>
        line.Split([',', '='], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// The longest glossary entry matching the analysed terms at <paramref name="start"/>: how many terms it covers and
    /// every equivalent variant (its own first), or null.
    /// </summary>
    public (int Length, IReadOnlyList<Variant> Variants)? Match(IReadOnlyList<string> terms, int start)
    {
        if (!byFirstTerm.TryGetValue(terms[start], out var candidates))
        {
            return null;
        }

        foreach (var entry in candidates)
        {
            var length = entry.Variant.Terms.Length;
            if (start + length > terms.Count)
            {
                continue;
            }

            var matches = true;
            for (var i = 1; i < length && matches; i++)
            {
                matches = terms[start + i] == entry.Variant.Terms[i];
            }

            if (matches)
            {
                var variants = new List<Variant> { entry.Variant };
                variants.AddRange(entry.Group.Where(v => !ReferenceEquals(v, entry.Variant)));
                return (length, variants);
            }
        }

        return null;
    }

    /// <summary>One way of saying a glossary term: its analysed terms, their position increments and its word pairs (null: one word).</summary>
    public sealed record Variant(string[] Terms, int[] Increments, string[]? Pairs);

    private sealed record Entry(Variant Variant, IReadOnlyList<Variant> Group);

    /// <summary>The glossary the library starts with (children's social care abbreviations), one group per line.</summary>
    public static readonly IReadOnlyList<string> Defaults =
    [
        "CP, child protection",
        "CPP, child protection plan",
        "ICPC, initial child protection conference",
        "RCPC, review child protection conference",
        "CiN, child in need, children in need",
        "CLA, LAC, looked-after children, looked after children, children looked after, looked-after child, child looked after, children in care",
        "FGC, family group conference, family group conferences, family group conferencing",
        "DA, domestic abuse",
        "DV, domestic violence",
        "PLO, public law outline",
        "CSE, child sexual exploitation",
        "CCE, child criminal exploitation",
        "SGO, special guardianship order",
        "MASH, multi-agency safeguarding hub",
        "LADO, local authority designated officer",
        "IRO, independent reviewing officer",
        "ASYE, assessed and supported year in employment",
        "KSS, knowledge and skills statement, knowledge and skills statements",
        "PSW, principal social worker",
        "UASC, unaccompanied asylum-seeking children, unaccompanied asylum seeking children",
        "CSPR, child safeguarding practice review",
        "SCR, serious case review",
        "ACEs, adverse childhood experiences",
        "CAMHS, child and adolescent mental health services",
        "EHCP, education health and care plan",
        "PEP, personal education plan",
        "YOT, youth offending team",
        "DSL, designated safeguarding lead",
        "NFA, no further action",
        "NRM, national referral mechanism",
        "SW, social worker",
        "LA, local authority",
    ];
}
