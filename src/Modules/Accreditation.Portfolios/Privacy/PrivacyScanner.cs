using System.Text.RegularExpressions;
using Accreditation.Notifications.Contracts;

namespace Accreditation.Portfolios.Privacy;

/// <summary>What kind of identifier a finding looks like.</summary>
public enum IdentifierKind
{
    /// <summary>A valid NHS number (10 digits with a correct check digit).</summary>
    NhsNumber,

    /// <summary>A date of birth, or a full date that may be one.</summary>
    DateOfBirth,

    /// <summary>A UK postcode.</summary>
    Postcode,

    /// <summary>A UK phone number.</summary>
    PhoneNumber,

    /// <summary>An email address.</summary>
    EmailAddress,

    /// <summary>A name after a title (Mr, Mrs, Ms, Miss, Dr) or after "child" or "baby".</summary>
    PersonName,

    /// <summary>A case or client reference number.</summary>
    CaseReference,

    /// <summary>A stretch of text that could not be checked in time (the candidate must read it themselves).</summary>
    Unchecked,
}

/// <summary>One likely identifier found in a text: what, the matched text, and a snippet around it.</summary>
public sealed record PrivacyMatch(IdentifierKind Kind, string Text, string Snippet, int Index)
{
    /// <summary>How many characters of the text the match covers (the shown <see cref="Text"/> may be cut short).</summary>
    public int Length { get; init; } = Text.Length;
}

/// <summary>
/// Finds likely identifiers of children and families in free text: NHS numbers (checked with the modulus 11 check digit),
/// dates of birth, UK postcodes, phone numbers, email addresses, names after titles or in "child X"/"baby X" patterns,
/// and case-reference patterns. It errs towards asking: the candidate confirms or redacts each finding.
/// Linear in the text's length: every pattern's repetitions are bounded (no nested or adjacent unbounded loops to
/// backtrack through), overlaps are looked up in prefix sums instead of comparing findings with each other, and every
/// pattern has a time limit; text a pattern could not finish is reported as <see cref="IdentifierKind.Unchecked"/>.
/// </summary>
public static partial class PrivacyScanner
{
    /// <summary>How long one pattern may take over one text before that text is reported as unchecked.</summary>
    public const int TimeoutMilliseconds = 2000;

    /// <summary>The longest matched text kept in a finding (a longer one is cut, with an ellipsis).</summary>
    public const int MaxMatchLength = 80;

    /// <summary>How each kind is described to the candidate.</summary>
    public static string Describe(IdentifierKind kind) => kind switch
    {
        IdentifierKind.NhsNumber => "NHS number",
        IdentifierKind.DateOfBirth => "Date of birth",
        IdentifierKind.Postcode => "Postcode",
        IdentifierKind.PhoneNumber => "Phone number",
        IdentifierKind.EmailAddress => "Email address",
        IdentifierKind.PersonName => "Person's name",
        IdentifierKind.CaseReference => "Case reference",
        _ => "Text we could not check",
    };

    /// <summary>Every likely identifier in the text, in order of position.</summary>
    public static IReadOnlyList<PrivacyMatch> Scan(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var found = new List<PrivacyMatch>();
        var incomplete = false;

        // Spans already taken, as prefix sums over the text: "does [a, b) overlap any?" is answered in constant time.
        var nhs = new Coverage(text.Length);
        foreach (var m in Matches(NhsCandidate(), text, ref incomplete))
        {
            if (IsValidNhsNumber(m.Value))
            {
                found.Add(Make(IdentifierKind.NhsNumber, text, m));
            }

            // Any ten-digit run is treated as a number, not a phone number, valid or not.
            nhs.Add(m.Index, m.Length);
        }

        var births = new Coverage(text.Length);
        foreach (var m in Matches(BirthDate(), text, ref incomplete))
        {
            var finding = Make(IdentifierKind.DateOfBirth, text, m, m.Groups["date"]);
            found.Add(finding);
            births.Add(m.Groups["date"].Index, m.Groups["date"].Length);
        }

        births.Seal();
        foreach (var m in Matches(NumericDate(), text, ref incomplete))
        {
            if (!births.Overlaps(m.Index, m.Length))
            {
                found.Add(Make(IdentifierKind.DateOfBirth, text, m));
            }
        }

        foreach (var m in Matches(Postcode(), text, ref incomplete))
        {
            found.Add(Make(IdentifierKind.Postcode, text, m));
        }

        nhs.Seal();
        foreach (var m in Matches(Phone(), text, ref incomplete))
        {
            var digits = m.Value.Count(char.IsAsciiDigit);
            var international = m.Value.TrimStart().StartsWith('+');
            var plausible = international ? digits is 11 or 12 : digits is 10 or 11;
            if (plausible && !nhs.Overlaps(m.Index, m.Length))
            {
                found.Add(Make(IdentifierKind.PhoneNumber, text, m));
            }
        }

        foreach (var m in Matches(Email(), text, ref incomplete))
        {
            found.Add(Make(IdentifierKind.EmailAddress, text, m));
        }

        foreach (var m in Matches(TitledName(), text, ref incomplete))
        {
            found.Add(Make(IdentifierKind.PersonName, text, m));
        }

        foreach (var m in Matches(ChildName(), text, ref incomplete))
        {
            found.Add(Make(IdentifierKind.PersonName, text, m));
        }

        var taken = new Coverage(text.Length);
        foreach (var f in found)
        {
            taken.Add(f.Index, f.Length);
        }

        taken.Seal();
        foreach (var m in Matches(CaseReference(), text, ref incomplete))
        {
            if (!taken.Overlaps(m.Index, m.Length))
            {
                found.Add(Make(IdentifierKind.CaseReference, text, m));
            }
        }

        if (incomplete)
        {
            found.Add(new PrivacyMatch(IdentifierKind.Unchecked, "", Excerpt(text, 0, 0), 0) { Length = 0 });
        }

        return found.OrderBy(f => f.Index).ThenBy(f => f.Kind).ToList();
    }

    /// <summary>The pattern's matches; on a timeout, those found so far, and the text is marked unchecked.</summary>
    private static List<Match> Matches(Regex pattern, string text, ref bool incomplete)
    {
        var matches = new List<Match>();
        try
        {
            for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
            {
                matches.Add(m);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            incomplete = true;
        }

        return matches;
    }

    /// <summary>Character spans marked taken, then asked about in constant time once sealed.</summary>
    private sealed class Coverage(int length)
    {
        private readonly int[] starts = new int[length + 1];
        private int[]? prefix;

        public void Add(int index, int count)
        {
            // Marks each position once per span start: the prefix sum below turns starts and ends into coverage.
            if (count <= 0)
            {
                return;
            }

            starts[index]++;
            starts[Math.Min(length, index + count)]--;
        }

        public void Seal()
        {
            var covered = new int[length + 1];
            var depth = 0;
            for (var i = 0; i < length; i++)
            {
                depth += starts[i];
                covered[i + 1] = covered[i] + (depth > 0 ? 1 : 0);
            }

            prefix = covered;
        }

        public bool Overlaps(int index, int count)
        {
            var sums = prefix ?? throw new InvalidOperationException("Seal the coverage first.");
            var end = Math.Min(length, index + count);
            return end > index && sums[end] - sums[index] > 0;
        }
    }

    /// <summary>Whether ten digits (spaces or hyphens allowed between groups) make a valid NHS number: modulus 11 check digit.</summary>
    public static bool IsValidNhsNumber(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length != 10 || digits.All(d => d == digits[0]))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += digits[i] * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == digits[9];
    }

    private static bool Overlaps(int aStart, int aLength, int bStart, int bLength) => aStart < bStart + bLength && bStart < aStart + aLength;

    private static PrivacyMatch Make(IdentifierKind kind, string text, Match match, Group? part = null)
    {
        var value = part is { Success: true } ? part : (Capture)match;
        var shown = value.Value.Trim();
        if (shown.Length > MaxMatchLength)
        {
            shown = shown[..MaxMatchLength] + "…";
        }

        return new PrivacyMatch(kind, shown, Excerpt(text, match.Index, match.Length), value.Index) { Length = value.Length };
    }

    /// <summary>Up to 40 characters either side of a match (the match itself cut to <see cref="MaxMatchLength"/>), white space folded.</summary>
    private static string Excerpt(string text, int index, int length)
    {
        var start = Math.Max(0, index - 40);
        var end = Math.Min(text.Length, index + Math.Min(length, MaxMatchLength) + 40);
        return (start > 0 ? "…" : "") + WhiteSpace().Replace(text[start..end], " ").Trim() + (end < text.Length ? "…" : "");
    }

    // Every repetition is bounded and no two unbounded loops can trade characters, so each start position costs a
    // constant amount and a whole scan is linear; the time limit is the backstop.
    [GeneratedRegex(@"(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NhsCandidate();

    private const string Months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    private const string AnyDate =
        @"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})" +
        @"|\d{1,2}(?:st|nd|rd|th)?[ \t]{1,3}(?:" + Months + @")\.?,?[ \t]{1,3}\d{4}" +
        @"|(?:" + Months + @")\.?[ \t]{1,3}\d{1,2}(?:st|nd|rd|th)?,?[ \t]{1,3}\d{4}" +
        @"|\d{4}-\d{2}-\d{2}";

    [GeneratedRegex(@"\b(?:d\.?o\.?b\.?|date[ \t]{1,3}of[ \t]{1,3}birth|born(?:[ \t]{1,3}on)?|birthday(?:[ \t]{1,3}is)?)[ \t]{0,3}[:\-]?[ \t]{0,3}(?:(?:was|is|on)[ \t]{1,3})?(?<date>" + AnyDate + @")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex BirthDate();

    [GeneratedRegex(@"(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:19|20)\d{2}(?![\d/\-]|\.\d)", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRVWXY]?|[A-HK-Y]\d\d)\s?\d[ABD-HJLNP-UW-Z]{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Postcode();

    [GeneratedRegex(@"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Phone();

    // The lengths RFC 5321 allows: 64 before the @, 255 after.
    [GeneratedRegex(@"\b[A-Z0-9._%+\-]{1,64}@[A-Z0-9\-]{1,63}(?:\.[A-Z0-9\-]{1,63}){0,8}\.[A-Z]{2,24}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?[ \t]{1,3}[A-Z][a-z'\-]{1,40}(?:[ \t]{1,3}[A-Z][a-z'\-]{1,40}){0,3}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex TitledName();

    // "Child A" (one capital letter) is the anonymised form practitioners are asked to use, so it is not flagged.
    // Field terms that follow "child" with a capital ("Child Protection Conference") are not names.
    [GeneratedRegex(@"\b(?:[Cc]hild|[Bb]aby|[Ii]nfant|[Ss]ibling|[Yy]oung[ \t]{1,3}person)[ \t]{1,3}(?!(?:Protection|Protective|Services|Social|Care|Looked|In|Need|Arrangements|Development|Health|Exploitation|Sexual|Criminal|And|Family|Families|Abuse|Safeguarding|Practice|Mental|Poverty|Plan|Plans|Act|Death|Deaths|Review|Reviews|Panel|Sleeping|Box)\b)[A-Z][a-z'\-]{1,40}(?:[ \t]{1,3}[A-Z][a-z'\-]{1,40}){0,3}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ChildName();

    [GeneratedRegex(@"\b(?:(?:case|client|child|family|file|referral|ref(?:erence)?|crn|lcs|id)[ \t]{0,3}(?:(?:ref(?:erence)?|no\.?|number|id)[ \t]{0,3})?[:#]?[ \t]{0,3}[A-Z]{0,4}[-/]?\d{4,20}|[A-Z]{2,4}[-/]\d{5,20})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex CaseReference();

    [GeneratedRegex(@"\s+", RegexOptions.None, TimeoutMilliseconds)]
    private static partial Regex WhiteSpace();
}
