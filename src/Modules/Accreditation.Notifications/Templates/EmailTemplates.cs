using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Notifications.Outbox;
using Fluid;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Templates;

/// <summary>The Liquid sources of one template: what is rendered.</summary>
public sealed record TemplateSource(string Name, string Subject, string TextBody, string HtmlBody, bool Customised, uint Version);

/// <summary>A rendered message: subject on one line, the text part and the HTML part.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>Which part of a template an error is in.</summary>
public enum TemplatePart
{
    /// <summary>The subject.</summary>
    Subject,

    /// <summary>The plain-text part.</summary>
    TextBody,

    /// <summary>The HTML part.</summary>
    HtmlBody,
}

/// <summary>A problem with one part of a template, in the parser's (or renderer's) own words.</summary>
public sealed record TemplateError(TemplatePart Part, string Message);

/// <summary>
/// Finds, checks and renders email templates: an admin's saved version or else the shipped default; Liquid through
/// Fluid, with model values HTML-encoded in the HTML part and left as they are in the subject and text part.
/// </summary>
public sealed class EmailTemplates(AccreditationDbContext db, IEnumerable<ShippedEmailTemplate> shipped, SiteSettings site, TimeProvider clock)
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions options = CreateOptions(clock);

    /// <summary>The shipped templates, by name.</summary>
    public IReadOnlyList<ShippedEmailTemplate> Shipped { get; } = shipped.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>The shipped template of that name, or null.</summary>
    public ShippedEmailTemplate? FindShipped(string name) => Shipped.FirstOrDefault(t => t.Name == name);

    /// <summary>The template in force: the saved version, else the shipped default; null for an unknown name.</summary>
    public async Task<TemplateSource?> GetAsync(string name, CancellationToken ct = default)
    {
        var saved = await db.Set<EmailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, ct);
        if (saved is not null)
        {
            return new TemplateSource(name, saved.Subject, saved.TextBody, saved.HtmlBody, Customised: true, saved.Version);
        }

        return FindShipped(name) is { } d ? new TemplateSource(name, d.Subject, d.TextBody, d.HtmlBody, Customised: false, 0) : null;
    }

    /// <summary>Parses every part and renders it with the sample model; returns the problems (empty when the template is good).</summary>
    public IReadOnlyList<TemplateError> Check(string subject, string textBody, string htmlBody, string sampleModelJson)
    {
        var errors = new List<TemplateError>();
        var parts = new[] { (TemplatePart.Subject, subject), (TemplatePart.TextBody, textBody), (TemplatePart.HtmlBody, htmlBody) };
        foreach (var (part, source) in parts)
        {
            if (part != TemplatePart.HtmlBody && string.IsNullOrWhiteSpace(source))
            {
                errors.Add(new TemplateError(part, part == TemplatePart.Subject ? "Enter a subject" : "Enter the plain-text part"));
                continue;
            }

            if (!Parser.TryParse(source ?? "", out var template, out var error))
            {
                errors.Add(new TemplateError(part, error));
                continue;
            }

            try
            {
                RenderPart(template, part, ParseModel(sampleModelJson));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ParseException or ArgumentException or FormatException)
            {
                errors.Add(new TemplateError(part, $"The template could not be rendered with the sample values: {ex.Message}"));
            }
        }

        return errors;
    }

    /// <summary>Renders the template with the model (any object, read as plain data) and the site's values.</summary>
    public RenderedEmail Render(TemplateSource source, object? model) => Render(source.Subject, source.TextBody, source.HtmlBody, ToPlainData(model));

    /// <summary>Renders sources with a JSON model (previews).</summary>
    public RenderedEmail RenderWithJson(string subject, string textBody, string htmlBody, string modelJson) =>
        Render(subject, textBody, htmlBody, ParseModel(modelJson));

    private RenderedEmail Render(string subject, string textBody, string htmlBody, IDictionary<string, object?> model)
    {
        var s = RenderPart(ParseOrThrow(subject), TemplatePart.Subject, model);
        var t = RenderPart(ParseOrThrow(textBody), TemplatePart.TextBody, model);
        var h = string.IsNullOrWhiteSpace(htmlBody) ? "" : RenderPart(ParseOrThrow(htmlBody), TemplatePart.HtmlBody, model);
        return new RenderedEmail(HeaderText.SingleLine(s), t, h);
    }

    private string RenderPart(IFluidTemplate template, TemplatePart part, IDictionary<string, object?> model)
    {
        var context = new TemplateContext(options);
        foreach (var (key, value) in model)
        {
            context.SetValue(key, value);
        }

        context.SetValue("site", new Dictionary<string, object?> { ["name"] = site.SiteName });
        // Only the HTML part is HTML: there every value is encoded; the subject and text part are plain text.
        return template.Render(context, part == TemplatePart.HtmlBody ? HtmlEncoder.Default : NullEncoder.Default);
    }

    private static IFluidTemplate ParseOrThrow(string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The email template does not parse: {error}");

    private static TemplateOptions CreateOptions(TimeProvider clock)
    {
        var options = new TemplateOptions
        {
            // An admin's loop cannot run away with the dispatcher.
            MaxSteps = 100_000,
            MaxRecursion = 20,
            CultureInfo = CultureInfo.GetCultureInfo("en-GB"),
            TimeZone = TimeZoneInfo.Utc,
            Now = () => clock.GetUtcNow(),
        };
        return options;
    }

    private static Dictionary<string, object?> ParseModel(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return ToDictionary(document.RootElement);
    }

    /// <summary>
    /// Copies the model as plain data (dictionaries, lists, strings, numbers, booleans) so a template can read values
    /// but can never reach members or methods of the caller's objects.
    /// </summary>
    private static Dictionary<string, object?> ToPlainData(object? model)
    {
        if (model is null)
        {
            return [];
        }

        var element = JsonSerializer.SerializeToElement(model, model.GetType(), JsonSerializerOptions.Web);
        return ToDictionary(element);
    }

    private static Dictionary<string, object?> ToDictionary(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value))
            : throw new ArgumentException("An email model must be an object (named values), not a single value or a list.");

    private static object? Plain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToDictionary(element),
        JsonValueKind.Array => element.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
