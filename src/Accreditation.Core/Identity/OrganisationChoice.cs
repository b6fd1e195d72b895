namespace Accreditation.Core.Identity;

/// <summary>
/// What the theme's organisation picker (Pages/Shared/_OrganisationChoice.cshtml) shows: organisations chosen by name
/// from a list, never typed as ids. One organisation is a select; several are checkboxes with a filter box.
/// </summary>
/// <param name="Name">The form field's name; its id too, with dots made underscores.</param>
/// <param name="Label">The question or label.</param>
/// <param name="Hint">A hint under the label, or null.</param>
/// <param name="Options">The organisations to choose from, by name.</param>
/// <param name="Selected">The ids chosen so far.</param>
/// <param name="Multiple">Several (checkboxes) or one (a select, with an empty choice first).</param>
/// <param name="Error">The field's error message, or null.</param>
public sealed record OrganisationChoice(
    string Name,
    string Label,
    string? Hint,
    IReadOnlyList<OrganisationSummary> Options,
    IReadOnlyCollection<Guid> Selected,
    bool Multiple,
    string? Error)
{
    /// <summary>The id of the select, or of the first checkbox (where the error summary links).</summary>
    public string Id => Name.Replace('.', '_');

    /// <summary>What an option reads: the name and its code, so two similar names can be told apart.</summary>
    public static string OptionText(OrganisationSummary organisation) => $"{organisation.Name} ({organisation.Code})";
}
