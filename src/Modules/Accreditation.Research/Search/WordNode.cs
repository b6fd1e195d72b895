
namespace Accreditation.Research.Search;

/// <summary>A bare word, optionally restricted to a field.</summary>
public sealed record WordNode(string Text, string? Field) : SearchNode;
