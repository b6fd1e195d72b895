namespace Accreditation.Cpd.Records;

/// <summary>What a year's records add up to against the requirement.</summary>
/// <param name="Records">How many (completed) records the year holds.</param>
/// <param name="WithPeerReflection">How many include a peer reflection.</param>
/// <param name="Missing">What is still missing, in plain words; empty when the requirement is met.</param>
public sealed record RequirementCheck(int Records, int WithPeerReflection, IReadOnlyList<string> Missing)
{
    /// <summary>Whether the year's requirement is met.</summary>
    public bool Met => Missing.Count == 0;
}

/// <summary>
/// The one place the yearly requirement is decided: Social Work England asks for at least two pieces of CPD each
/// registration year, at least one of them including a reflection discussed with a peer.
/// </summary>
public static class CpdRequirement
{
    /// <summary>Records needed per year.</summary>
    public const int RecordsNeeded = 2;

    /// <summary>Records with a peer reflection needed per year.</summary>
    public const int PeerReflectionsNeeded = 1;

    /// <summary>Checks a year's completed records (counts of all of them and of those with a peer reflection).</summary>
    public static RequirementCheck Check(int records, int withPeerReflection)
    {
        var missing = new List<string>();
        if (records < RecordsNeeded)
        {
            var more = RecordsNeeded - records;
            missing.Add(records == 0
                ? "You have not recorded any CPD this year. Record at least 2 pieces of CPD."
                : $"You have recorded {records} piece of CPD this year. Record at least {more} more.");
        }

        if (withPeerReflection < PeerReflectionsNeeded)
        {
            missing.Add("None of your records this year includes a peer reflection. Discuss a piece of CPD with a peer and add what you learned from them to a record.");
        }

        return new RequirementCheck(records, withPeerReflection, missing);
    }
}
