using System.Text;

namespace Accreditation.Research.Search;

/// <summary>
/// Reads what people type into the search box: words, "phrases", AND, OR, NOT, +word, -word, (groups) and field
/// prefixes (title:, author:, abstract:, topic:, text:). It never fails: an unclosed quote, a dangling operator, an
/// empty field prefix or a stray bracket is read as plain words, and very long input is cut.
/// </summary>
public static class SearchSyntax
{
    /// <summary>Input beyond this many characters is ignored.</summary>
    public const int MaxLength = 1000;

    /// <summary>Parts beyond this many are ignored (keeps queries small whatever is pasted in).</summary>
    public const int MaxParts = 40;

    private const int MaxDepth = 8;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = Indexing.IndexFields.Title,
        ["author"] = Indexing.IndexFields.Authors,
        ["authors"] = Indexing.IndexFields.Authors,
        ["abstract"] = Indexing.IndexFields.Abstract,
        ["topic"] = Indexing.IndexFields.TopicsText,
        ["topics"] = Indexing.IndexFields.TopicsText,
        ["text"] = Indexing.IndexFields.Body,
        ["body"] = Indexing.IndexFields.Body,
    };

    /// <summary>Parses the text; the result may be an empty group.</summary>
    public static GroupNode Parse(string? text)
    {
        var input = text ?? "";
        if (input.Length > MaxLength)
        {
            input = input[..MaxLength];
        }

        var parser = new Parser(Lex(input));
        var parts = new List<(SearchNode, Occurrence)>();
        while (!parser.AtEnd)
        {
            var group = parser.ParseAnyOf(0, null);
            if (group.Parts.Count > 0)
            {
                parts.Add((group, Occurrence.Default));
            }

            parser.SkipStray();
        }

        return parts.Count == 1 && parts[0].Item1 is GroupNode only ? only : new GroupNode(parts, AnyOf: false);
    }

    private enum Kind
    {
        Word,
        Phrase,
        Field,
        Open,
        Close,
        And,
        Or,
        Not,
        Plus,
        Minus,
    }

    private readonly record struct Token(Kind Kind, string Text);

    private static List<Token> Lex(string input)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(Kind.Open, "("));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(Kind.Close, ")"));
                i++;
            }
            else if (c is '"' or '“' or '”')
            {
                var close = input.IndexOfAny(['"', '“', '”'], i + 1);
                if (close < 0)
                {
                    i++; // an unclosed quote: the rest is read as plain words
                    continue;
                }

                tokens.Add(new Token(Kind.Phrase, input[(i + 1)..close]));
                i = close + 1;
            }
            else if ((c == '+' || c == '-') && i + 1 < input.Length && !char.IsWhiteSpace(input[i + 1]) && input[i + 1] != c)
            {
                tokens.Add(new Token(c == '+' ? Kind.Plus : Kind.Minus, c.ToString()));
                i++;
            }
            else
            {
                var start = i;
                while (i < input.Length && !char.IsWhiteSpace(input[i]) && input[i] is not ('(' or ')' or '"' or '“' or '”'))
                {
                    i++;
                }

                AddWord(tokens, input[start..i]);
            }
        }

        return tokens;
    }

    private static void AddWord(List<Token> tokens, string word)
    {
        switch (word)
        {
            case "AND" or "&&":
                tokens.Add(new Token(Kind.And, word));
                return;
            case "OR" or "||":
                tokens.Add(new Token(Kind.Or, word));
                return;
            case "NOT":
                tokens.Add(new Token(Kind.Not, word));
                return;
        }

        var colon = word.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Fields.TryGetValue(word[..colon], out var field))
        {
            tokens.Add(new Token(Kind.Field, field));
            var rest = word[(colon + 1)..];
            if (rest.Length > 0)
            {
                AddWord(tokens, rest.Replace(':', ' '));
            }

            return;
        }

        var cleaned = Clean(word);
        if (cleaned.Length > 0)
        {
            tokens.Add(new Token(Kind.Word, cleaned));
        }
    }

    // Query syntax characters that are not ours (wildcards, fuzziness, boosts, ranges) are read as spaces.
    private static string Clean(string word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            builder.Append(c is ':' or '*' or '?' or '~' or '^' or '[' or ']' or '{' or '}' or '\\' or '/' or '!' ? ' ' : c);
        }

        return builder.ToString().Trim();
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int position;
        private int parts;

        public bool AtEnd => position >= tokens.Count;

        private Token? Peek => position < tokens.Count ? tokens[position] : null;

        public void SkipStray()
        {
            while (Peek is { Kind: Kind.Close or Kind.Or or Kind.And })
            {
                position++;
            }
        }

        // anyOf := allOf (OR allOf)*
        public GroupNode ParseAnyOf(int depth, string? field)
        {
            var alternatives = new List<GroupNode> { ParseAllOf(depth, field) };
            while (Peek is { Kind: Kind.Or })
            {
                position++;
                alternatives.Add(ParseAllOf(depth, field));
            }

            alternatives.RemoveAll(a => a.Parts.Count == 0);
            return alternatives.Count switch
            {
                0 => new GroupNode([], false),
                1 => alternatives[0],
                _ => new GroupNode(alternatives.Select(a => ((SearchNode)a, Occurrence.Default)).ToList(), AnyOf: true),
            };
        }

        // allOf := ([AND] [NOT|+|-] primary)*
        private GroupNode ParseAllOf(int depth, string? field)
        {
            var items = new List<(SearchNode, Occurrence)>();
            var explicitAnd = false;
            while (Peek is { } token && token.Kind is not (Kind.Or or Kind.Close))
            {
                if (token.Kind == Kind.And)
                {
                    explicitAnd = items.Count > 0 || explicitAnd;
                    position++;
                    continue;
                }

                var occurrence = Occurrence.Default;
                while (Peek is { Kind: Kind.Not or Kind.Plus or Kind.Minus } prefix)
                {
                    occurrence = prefix.Kind == Kind.Plus ? Occurrence.Required : Occurrence.Excluded;
                    position++;
                }

                var node = ParsePrimary(depth, field);
                if (node is not null && parts < MaxParts)
                {
                    items.Add((node, occurrence));
                }
            }

            if (explicitAnd)
            {
                items = items.Select(i => (i.Item1, i.Item2 == Occurrence.Default ? Occurrence.Required : i.Item2)).ToList();
            }

            return new GroupNode(items, AnyOf: false);
        }

        private SearchNode? ParsePrimary(int depth, string? field)
        {
            if (Peek is not { } token || token.Kind is Kind.Or or Kind.Close)
            {
                return null;
            }

            position++;
            switch (token.Kind)
            {
                case Kind.Word:
                    parts++;
                    return new WordNode(token.Text, field);
                case Kind.Phrase:
                    parts++;
                    return token.Text.Trim().Length == 0 ? null : new PhraseNode(token.Text, field);
                case Kind.Open:
                    if (depth >= MaxDepth)
                    {
                        return null; // deeper brackets are ignored; their words are read at this level
                    }

                    var group = ParseAnyOf(depth + 1, field);
                    if (Peek is { Kind: Kind.Close })
                    {
                        position++;
                    }

                    return group.Parts.Count == 0 ? null : group;
                case Kind.Field:
                    // "title:" followed by nothing it can apply to is the plain word.
                    if (Peek is { Kind: Kind.Word or Kind.Phrase or Kind.Open })
                    {
                        return ParsePrimary(depth, token.Text);
                    }

                    parts++;
                    return new WordNode(FieldWord(token.Text), field);
                default:
                    return null;
            }
        }

        private static string FieldWord(string field) => Fields.First(f => f.Value == field).Key;
    }
}
