namespace Accreditation.Core.Text;

/// <summary>Code names turned into the words people read: "InReview" becomes "In review".</summary>
public static class Words
{
    /// <summary>An enum value in sentence case ("InReview" becomes "In review").</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Of(value.ToString());

    /// <summary>A PascalCase code name in sentence case ("LeadAssessor" becomes "Lead assessor"); acronyms keep their capitals.</summary>
    public static string Of(string codeName)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i < codeName.Length; i++)
        {
            var c = codeName[i];
            var before = codeName[i - 1];
            var startsWord = char.IsUpper(c)
                && (char.IsLower(before) || char.IsDigit(before) || (char.IsUpper(before) && i + 1 < codeName.Length && char.IsLower(codeName[i + 1])));
            if (startsWord)
            {
                words.Add(codeName[start..i]);
                start = i;
            }
        }

        words.Add(codeName[start..]);
        return string.Join(' ', words.Select((w, i) => i == 0 || (w.Length > 1 && w.All(char.IsUpper)) ? w : w.ToLowerInvariant()));
    }
}
