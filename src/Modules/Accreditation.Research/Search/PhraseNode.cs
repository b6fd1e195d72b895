
namespace Accreditation.Research.Search;

/// <summary>A quoted phrase, optionally restricted to a field.</summary>
public sealed record PhraseNode(string Text, string? Field) : SearchNode;
