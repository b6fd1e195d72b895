using System.Text.RegularExpressions;

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
}

/// <summary>One likely identifier found in a text: what, the matched text, and a snippet around it.</summary>
public sealed record PrivacyMatch(IdentifierKind Kind, string Text, string Snippet, int Index);

/// <summary>
/// Finds likely identifiers of children and families in free text: NHS numbers (checked with the modulus 11 check digit),
/// dates of birth, UK postcodes, phone numbers, email addresses, names after titles or in "child X"/"baby X" patterns,
/// and case-reference patterns. It errs towards asking: the candidate confirms or redacts each finding.
/// </summary>
public static partial class PrivacyScanner
{
    /// <summary>How each kind is described to the candidate.</summary>
    public static string Describe(IdentifierKind kind) => kind switch
    {
        IdentifierKind.NhsNumber => "NHS number",
        IdentifierKind.DateOfBirth => "Date of birth",
        IdentifierKind.Postcode => "Postcode",
        IdentifierKind.PhoneNumber => "Phone number",
        IdentifierKind.EmailAddress => "Email address",
        IdentifierKind.PersonName => "Person's name",
        _ => "Case reference",
    };

    /// <summary>Every likely identifier in the text, in order of position.</summary>
    public static IReadOnlyList<PrivacyMatch> Scan(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var found = new List<PrivacyMatch>();
        var nhsSpans = new List<(int Start, int End)>();
        foreach (Match m in NhsCandidate().Matches(text))
        {
            if (IsValidNhsNumber(m.Value))
            {
                found.Add(Make(IdentifierKind.NhsNumber, text, m));
            }

            // Any ten-digit run is treated as a number, not a phone number, valid or not.
            nhsSpans.Add((m.Index, m.Index + m.Length));
        }

        foreach (Match m in BirthDate().Matches(text))
        {
            found.Add(Make(IdentifierKind.DateOfBirth, text, m, m.Groups["date"]));
        }

        foreach (Match m in NumericDate().Matches(text))
        {
            if (!found.Any(f => f.Kind == IdentifierKind.DateOfBirth && Overlaps(f.Index, f.Text.Length, m.Index, m.Length)))
            {
                found.Add(Make(IdentifierKind.DateOfBirth, text, m));
            }
        }

        foreach (Match m in Postcode().Matches(text))
        {
            found.Add(Make(IdentifierKind.Postcode, text, m));
        }

        foreach (Match m in Phone().Matches(text))
        {
            var digits = m.Value.Count(char.IsAsciiDigit);
            var international = m.Value.TrimStart().StartsWith('+');
            var plausible = international ? digits is 11 or 12 : digits is 10 or 11;
            if (plausible && !nhsSpans.Any(s => Overlaps(s.Start, s.End - s.Start, m.Index, m.Length)))
            {
                found.Add(Make(IdentifierKind.PhoneNumber, text, m));
            }
        }

        foreach (Match m in Email().Matches(text))
        {
            found.Add(Make(IdentifierKind.EmailAddress, text, m));
        }

        foreach (Match m in TitledName().Matches(text))
        {
            found.Add(Make(IdentifierKind.PersonName, text, m));
        }

        foreach (Match m in ChildName().Matches(text))
        {
            found.Add(Make(IdentifierKind.PersonName, text, m));
        }

        foreach (Match m in CaseReference().Matches(text))
        {
            if (!found.Any(f => Overlaps(f.Index, f.Text.Length, m.Index, m.Length) && f.Kind != IdentifierKind.CaseReference))
            {
                found.Add(Make(IdentifierKind.CaseReference, text, m));
            }
        }

        return found.OrderBy(f => f.Index).ThenBy(f => f.Kind).ToList();
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
        var start = Math.Max(0, match.Index - 40);
        var end = Math.Min(text.Length, match.Index + match.Length + 40);
        var snippet = (start > 0 ? "…" : "") + WhiteSpace().Replace(text[start..end], " ").Trim() + (end < text.Length ? "…" : "");
        return new PrivacyMatch(kind, value.Value.Trim(), snippet, value.Index);
    }

    [GeneratedRegex(@"(?<![\d])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex NhsCandidate();

    private const string Months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

    private const string AnyDate =
        @"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})" +
        @"|\d{1,2}(?:st|nd|rd|th)?\s+(?:" + Months + @")\.?,?\s+\d{4}" +
        @"|(?:" + Months + @")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}" +
        @"|\d{4}-\d{2}-\d{2}";

    [GeneratedRegex(@"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday(?:\s+is)?)\s*[:\-]?\s*(?:was\s+|is\s+|on\s+)?(?<date>" + AnyDate + @")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BirthDate();

    [GeneratedRegex(@"(?<![\d/.\-])(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:19|20)\d{2}(?![\d/\-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b(?:GIR\s?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d\d|[A-HK-Y]\d[ABEHMNPRVWXY]?|[A-HK-Y]\d\d)\s?\d[ABD-HJLNP-UW-Z]{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Postcode();

    [GeneratedRegex(@"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b[A-Z0-9._%+\-]+@[A-Z0-9.\-]+\.[A-Z]{2,}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+(?:[A-Z][a-z'\-]+)(?:\s+[A-Z][a-z'\-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TitledName();

    // "Child A" (one capital letter) is the anonymised form practitioners are asked to use, so it is not flagged.
    // Field terms that follow "child" with a capital ("Child Protection Conference") are not names.
    [GeneratedRegex(@"\b(?:[Cc]hild|[Bb]aby|[Ii]nfant|[Ss]ibling|[Yy]oung\s+person)\s+(?!(?:Protection|Protective|Services|Social|Care|Looked|In|Need|Arrangements|Development|Health|Exploitation|Sexual|Criminal|And|Family|Families|Abuse|Safeguarding|Practice|Mental|Poverty|Plan|Plans|Act|Death|Deaths|Review|Reviews|Panel|Sleeping|Box)\b)(?:[A-Z][a-z'\-]+)(?:\s+[A-Z][a-z'\-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex ChildName();

    [GeneratedRegex(@"\b(?:(?:case|client|child|family|file|referral|ref(?:erence)?|crn|lcs|id)\s*(?:ref(?:erence)?|no\.?|number|id)?\s*[:#]?\s*[A-Z]{0,4}[-/]?\d{4,}|[A-Z]{2,4}[-/]\d{5,})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaseReference();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
