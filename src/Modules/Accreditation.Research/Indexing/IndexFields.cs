namespace Accreditation.Research.Indexing;

/// <summary>Field names of the research index.</summary>
public static class IndexFields
{
    /// <summary>Item id (exact, stored).</summary>
    public const string Id = "id";

    /// <summary>Title (analysed, stored).</summary>
    public const string Title = "title";

    /// <summary>Abstract (analysed, stored).</summary>
    public const string Abstract = "abstract";

    /// <summary>Full text as plain text (analysed, stored for passages).</summary>
    public const string Body = "body";

    /// <summary>Topic names as text (analysed).</summary>
    public const string TopicsText = "topics";

    /// <summary>Authors (plain analysis, stored).</summary>
    public const string Authors = "author";

    /// <summary>Words for "did you mean" (plain analysis, not stored).</summary>
    public const string Spelling = "spell";

    /// <summary>Type (exact; facet).</summary>
    public const string Type = "type";

    /// <summary>Topic names (exact, multi-valued; facet).</summary>
    public const string Topic = "topic";

    /// <summary>Year (numeric; range filter, sort, facet).</summary>
    public const string Year = "year";

    /// <summary>Evidence level name (exact; facet).</summary>
    public const string Evidence = "evidence";

    /// <summary>Access (exact; filter and facet).</summary>
    public const string Access = "access";

    /// <summary>KSS statement references (exact, multi-valued; facet).</summary>
    public const string Kss = "kss";

    /// <summary>Publication instant in ticks (sort).</summary>
    public const string Published = "published";

    /// <summary>Source or publisher (stored).</summary>
    public const string Source = "source";

    /// <summary>Link (stored).</summary>
    public const string Link = "link";

    /// <summary>DOI (stored).</summary>
    public const string Doi = "doi";

    /// <summary>Hash of the title, abstract and full text (doc values; the embedding worker compares it with its vectors').</summary>
    public const string TextHash = "texthash";

    /// <summary>The text fields that also keep their word pairs, for phrases (see <see cref="PairsAnalyzer"/>).</summary>
    public static readonly IReadOnlyList<string> Paired = [Title, Abstract, TopicsText, Body];

    /// <summary>The name of a text field's pairs field.</summary>
    public static string PairsOf(string field) => Paired.Contains(field)
        ? field + ".pairs"
        : throw new ArgumentOutOfRangeException(nameof(field), field, "This field keeps no word pairs.");

    /// <summary>The text fields free text searches, in order of weight.</summary>
    public static readonly IReadOnlyList<string> Searched = [Title, Abstract, TopicsText, Body, Authors];
}
