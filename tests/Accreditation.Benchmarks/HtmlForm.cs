using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Accreditation.Benchmarks;

/// <summary>
/// The fields a browser would post from one form of a page: hidden and text inputs, ticked checkboxes and radios,
/// textareas and selected options (disabled fields left out), in page order with repeated names kept. The values of
/// each radio group and checkbox name are kept too, so a journey can choose others.
/// </summary>
internal sealed class HtmlForm
{
    private static readonly HtmlParser Parser = new();

    private HtmlForm(string? action, List<KeyValuePair<string, string>> fields, Dictionary<string, List<string>> choices)
    {
        Action = action;
        Fields = fields;
        Choices = choices;
    }

    /// <summary>Where the form posts (its action attribute), or null for the page itself.</summary>
    public string? Action { get; }

    /// <summary>The fields as posted.</summary>
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>The values offered by each radio group or checkbox name.</summary>
    public Dictionary<string, List<string>> Choices { get; }

    /// <summary>The antiforgery token of the form.</summary>
    public string Token => Value("__RequestVerificationToken") ?? throw new InvalidOperationException("The form has no antiforgery token.");

    /// <summary>Reads the form with the id given (or the first form) from a page; null when there is none.</summary>
    public static HtmlForm? Read(string html, string? id = null)
    {
        var document = Parser.ParseDocument(html);
        var form = (id is null ? document.QuerySelector("form[method=post]") : document.GetElementById(id)) as IHtmlFormElement;
        if (form is null)
        {
            return null;
        }

        var fields = new List<KeyValuePair<string, string>>();
        var choices = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    var type = input.Type.ToLowerInvariant();
                    if (type is "radio" or "checkbox")
                    {
                        (choices.TryGetValue(input.Name, out var values) ? values : choices[input.Name] = []).Add(input.Value);
                    }

                    if (type is "submit" or "button" or "file" or "image" or "reset" || (type is "checkbox" or "radio" && !input.IsChecked))
                    {
                        continue;
                    }

                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement text when !string.IsNullOrEmpty(text.Name) && !text.IsDisabled:
                    fields.Add(new(text.Name, text.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    fields.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }

        return new HtmlForm(form.GetAttribute("action") is { Length: > 0 } action ? action : null, fields, choices);
    }

    /// <summary>The first value of a field, or null.</summary>
    public string? Value(string name) => Fields.FirstOrDefault(f => f.Key == name) is { Key: not null } field ? field.Value : null;

    /// <summary>Adds a value to a field (a ticked checkbox).</summary>
    public void Add(string name, string value) => Fields.Add(new(name, value));

    /// <summary>Sets a field to one value (replacing every value it had, or adding it).</summary>
    public void Set(string name, string value)
    {
        var at = Fields.FindIndex(f => f.Key == name);
        Fields.RemoveAll(f => f.Key == name);
        Fields.Insert(at < 0 ? Fields.Count : at, new(name, value));
    }
}
