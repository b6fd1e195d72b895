using System.Text.RegularExpressions;
using Accreditation.Core.Identity;

namespace Accreditation.Identity.Organisations;

/// <summary>The details of an organisation as typed or imported, before they are checked.</summary>
public sealed record OrganisationDetails(string? Name, string? Code, OrganisationKind Kind, EnglishRegion? Region);

/// <summary>
/// What makes an organisation's details right, shared by the admin form, the CSV import and the recipe step: a name,
/// an ONS code of a children's services authority for a local authority (or a short code for any other organisation),
/// and a region for a local authority. Also reads kinds and regions written the way people write them.
/// </summary>
public static partial class OrganisationRules
{
    /// <summary>The field names errors are reported against.</summary>
    public const string NameField = "Name", CodeField = "Code", KindField = "Kind", RegionField = "Region";

    /// <summary>The code, trimmed and in capitals (codes compare without regard to case).</summary>
    public static string NormaliseCode(string? code) => (code ?? "").Trim().ToUpperInvariant();

    /// <summary>Checks the details; each problem is reported with its field and a message for the person who typed it.</summary>
    public static void Check(OrganisationDetails details, Action<string, string> error)
    {
        var name = details.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            error(NameField, "Enter the organisation's name");
        }
        else if (name.Length > OrganisationsModel.NameLength)
        {
            error(NameField, $"The name must be {OrganisationsModel.NameLength} characters or fewer");
        }
        else if (name.Any(char.IsControl))
        {
            error(NameField, "The name must not contain line breaks or control characters");
        }

        var code = NormaliseCode(details.Code);
        if (details.Kind == OrganisationKind.LocalAuthority)
        {
            if (code.Length == 0)
            {
                error(CodeField, "Enter the local authority's ONS code, like E09000007");
            }
            else if (!OnsCode().IsMatch(code))
            {
                error(CodeField, $"'{Shorten(code)}' is not the ONS code of a local authority with children's services: enter E06, E08, E09 or E10 followed by 6 digits, like E09000007");
            }

            if (details.Region is null)
            {
                error(RegionField, "Select the local authority's region");
            }
        }
        else if (code.Length == 0)
        {
            error(CodeField, "Enter a short code for the organisation, like CSWO");
        }
        else if (!ShortCode().IsMatch(code))
        {
            error(CodeField, $"'{Shorten(code)}' is not a valid code: use 2 to {OrganisationsModel.CodeLength} letters, digits or hyphens, starting with a letter, like CSWO");
        }
        else if (OnsCode().IsMatch(code))
        {
            error(CodeField, "This is a local authority's ONS code: choose Local authority as the kind, or give the organisation a code of its own");
        }
    }

    /// <summary>Reads a kind as people write it ("Local authority", "LocalAuthority", "Chief Social Worker's office", "Other").</summary>
    public static OrganisationKind? ParseKind(string? text) => Letters(text) switch
    {
        "localauthority" or "la" => OrganisationKind.LocalAuthority,
        "chiefsocialworkersoffice" or "cswo" => OrganisationKind.ChiefSocialWorkersOffice,
        "other" or "otherorganisation" => OrganisationKind.Other,
        _ => null,
    };

    /// <summary>Reads a region as ONS or people write it ("Yorkshire and The Humber", "YorkshireAndTheHumber", "North East").</summary>
    public static EnglishRegion? ParseRegion(string? text)
    {
        var letters = Letters(text);
        return Enum.GetValues<EnglishRegion>().Cast<EnglishRegion?>()
            .FirstOrDefault(r => Letters(OrganisationNames.Of(r!.Value)) == letters || string.Equals(r!.Value.ToString(), letters, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The regions as they are written, for messages.</summary>
    public static string RegionList => string.Join(", ", Enum.GetValues<EnglishRegion>().Select(OrganisationNames.Of));

    private static string Letters(string? text) =>
        new((text ?? "").Replace("&", "and", StringComparison.Ordinal).Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());

    private static string Shorten(string text) => text.Length > 30 ? text[..30] + "…" : text;

    // Upper-tier authorities run children's services: unitary authorities (E06), metropolitan districts (E08),
    // London boroughs and the City of London (E09) and counties (E10).
    [GeneratedRegex("^E(06|08|09|10)[0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex OnsCode();

    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortCode();
}
