using System.Text.RegularExpressions;

namespace Accreditation.Core.Files;

/// <summary>
/// What an area and a file name may be: plain segments of letters, digits, '.', '_' and '-', starting with a letter or
/// digit, so a name can never climb out of its area or collide with the store's own temporary files.
/// </summary>
public static partial class FileNames
{
    /// <summary>Returns the area, or throws when it is not one plain segment.</summary>
    public static string CheckArea(string area) =>
        Segment().IsMatch(area) ? area : throw new ArgumentException($"'{area}' is not a file area name.", nameof(area));

    /// <summary>Returns the name, or throws when it is not plain segments separated by '/'.</summary>
    public static string CheckName(string name) =>
        name.Length is > 0 and <= 400 && name.Split('/').All(Segment().IsMatch)
            ? name
            : throw new ArgumentException($"'{name}' is not a stored file name.", nameof(name));

    /// <summary>Whether a listing prefix is safe: plain segments, the last of which may be partial or empty.</summary>
    public static string CheckPrefix(string prefix)
    {
        if (prefix.Length == 0)
        {
            return prefix;
        }

        var segments = prefix.Split('/');
        return segments[..^1].All(Segment().IsMatch) && (segments[^1].Length == 0 || Segment().IsMatch(segments[^1]))
            ? prefix
            : throw new ArgumentException($"'{prefix}' is not a stored file name prefix.", nameof(prefix));
    }

    /// <summary>
    /// A person's file name as a path inside an archive they download: letters (of any script), digits, '.', '-' and '_'
    /// kept, anything else '-', no leading or trailing '-' or '.'; "file" when nothing is left.
    /// </summary>
    public static string ForArchive(string fileName) =>
        new string(fileName.Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('-', '.') is { Length: > 0 } plain ? plain : "file";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();
}
