using System.Text.RegularExpressions;

namespace Accreditation.Core.Security;

/// <summary>
/// A route whose path carries a live secret (a bearer token), e.g. "/endorse/{token}": each segment in braces is the
/// secret. Modules register theirs with <c>module.AddSecretPath(...)</c>.
/// </summary>
public sealed record SecretPathRegistration(string Template);

/// <summary>
/// Takes live secrets out of anything recorded (audit paths and details, log scopes): registered token segments
/// become "{token}", query strings are dropped, and any long random-looking word (mixed case and digits, as a
/// data-protection payload or a base64url secret is) becomes "{secret}" even on a route nobody registered.
/// </summary>
public sealed partial class SecretScrubber(IEnumerable<SecretPathRegistration> registrations)
{
    /// <summary>What a registered secret segment is replaced with.</summary>
    public const string TokenMark = "{token}";

    /// <summary>What an unregistered secret-looking word is replaced with.</summary>
    public const string SecretMark = "{secret}";

    private readonly IReadOnlyList<string[]> templates = registrations
        .Select(r => r.Template.Trim('/').Split('/'))
        .ToList();

    /// <summary>A request path fit to record: registered token segments and secret-looking segments replaced, no query.</summary>
    public string Path(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path ?? "";
        }

        var query = path.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            path = path[..query];
        }

        var segments = path.Split('/');
        var offset = path.StartsWith('/') ? 1 : 0;
        foreach (var template in templates)
        {
            if (segments.Length - offset < template.Length)
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                matches = IsParameter(template[i]) || string.Equals(template[i], segments[i + offset], StringComparison.OrdinalIgnoreCase);
            }

            if (matches)
            {
                for (var i = 0; i < template.Length; i++)
                {
                    if (IsParameter(template[i]))
                    {
                        segments[i + offset] = TokenMark;
                    }
                }
            }
        }

        for (var i = 0; i < segments.Length; i++)
        {
            if (LooksSecret(segments[i]))
            {
                segments[i] = SecretMark;
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// Free text fit to record: every path or URL in it scrubbed as <see cref="Path"/> does, the values of query
    /// parameters that carry secrets removed, and any secret-looking word replaced.
    /// </summary>
    public string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var scrubbed = QueryParameter().Replace(text, m => m.Groups[1].Value + SecretMark);
        scrubbed = PathLike().Replace(scrubbed, m => Path(m.Value));
        return Word().Replace(scrubbed, m => LooksSecret(m.Value) ? SecretMark : m.Value);
    }

    /// <summary>
    /// Whether a word looks like a random secret: 24 characters or more of base64url or base64 alphabet holding upper-case
    /// and lower-case letters and digits. Ids (GUIDs, hex hashes) and slugs are lower case, so they are left alone.
    /// </summary>
    public static bool LooksSecret(string word)
    {
        if (word.Length < 24)
        {
            return false;
        }

        bool upper = false, lower = false, digit = false;
        foreach (var c in Uri.UnescapeDataString(word))
        {
            if (char.IsAsciiLetterUpper(c))
            {
                upper = true;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                lower = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit = true;
            }
            else if (c is not ('-' or '_' or '+' or '/' or '='))
            {
                return false;
            }
        }

        return upper && lower && digit;
    }

    private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');

    [GeneratedRegex(@"([?&;](?:token|code|key|secret|password|nonce|t)=)[^&\s#""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex QueryParameter();

    [GeneratedRegex(@"/[^\s""'<>]*")]
    private static partial Regex PathLike();

    [GeneratedRegex(@"[A-Za-z0-9_\-+=%]{24,}")]
    private static partial Regex Word();
}
