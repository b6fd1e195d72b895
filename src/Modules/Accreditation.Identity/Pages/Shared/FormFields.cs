namespace Accreditation.Identity.Pages.Shared;

/// <summary>A GOV.UK text input with its label, hint and error message, drawn by the _TextField partial.</summary>
/// <param name="Name">The field's name and id (errors are looked up by it).</param>
/// <param name="Label">The label.</param>
/// <param name="Value">The current value (never written back for passwords).</param>
/// <param name="Hint">Hint text under the label.</param>
/// <param name="Type">The input type: text, email, password.</param>
/// <param name="Autocomplete">The autocomplete token, e.g. "new-password".</param>
/// <param name="Width">A GOV.UK width class, e.g. "govuk-input--width-10".</param>
/// <param name="Extra">Extra attributes for codes: numeric input mode and no spellcheck.</param>
public sealed record TextField(string Name, string Label, string? Value, string? Hint = null, string Type = "text", string? Autocomplete = null, string Width = "", bool Extra = false);
