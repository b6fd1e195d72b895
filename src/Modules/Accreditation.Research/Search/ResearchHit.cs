
namespace Accreditation.Research.Search;

/// <summary>One result. TitleHtml and PassageHtml are HTML-encoded with matches in &lt;mark&gt;, safe to render as is.</summary>
public sealed record ResearchHit(
    Guid Id,
    string Title,
    string TitleHtml,
    string Authors,
    int? Year,
    string Source,
    string Type,
    string Access,
    string? Evidence,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> KssStatements,
    string PassageHtml,
    string Link,
    string Doi,
    float Score);
