using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Fluid;
using Fluid.Values;
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
/// Finds, checks and renders email templates: an admin's saved version or else the shipped default. Liquid through
/// Fluid; in the HTML part every output is HTML-encoded unless it ends in <c>| raw</c> (Fluid's encoder, so encoding
/// happens after the template's own filters, on what is written); the subject and the text part are plain text and
/// are not encoded.
/// </summary>
public sealed class EmailTemplates(AccreditationDbContext db, IEnumerable<ShippedEmailTemplate> shipped, SiteSettings site, TimeProvider clock)
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    // Parsers are thread-safe once built, and building one costs more than parsing a template.
    private static readonly FluidParser Parser = new();

    // Encodes markup characters but leaves letters of every script as they are (names such as "Zoë" stay readable).
    private static readonly HtmlEncoder HtmlOutput = HtmlEncoder.Create(UnicodeRanges.All);

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

            if (!Parser.TryParse(source ?? "", out var template, out var problem))
            {
                errors.Add(new TemplateError(part, problem));
                continue;
            }

            try
            {
                RenderPart(template, part, ParseModel(sampleModelJson));
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ArgumentException or FormatException or JsonException or ParseException)
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

    private RenderedEmail Render(string subject, string textBody, string htmlBody, Dictionary<string, object?> model)
    {
        var s = RenderPart(Parse(subject), TemplatePart.Subject, model);
        var t = RenderPart(Parse(textBody), TemplatePart.TextBody, model);
        var h = string.IsNullOrWhiteSpace(htmlBody) ? "" : RenderPart(Parse(htmlBody), TemplatePart.HtmlBody, model);
        return new RenderedEmail(HeaderText.SingleLine(s), t, h);
    }

    /// <summary>Parses a saved or shipped source, which was checked when it was saved (a broken one is a fault here).</summary>
    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var problem) ? template : throw new InvalidOperationException($"The template does not parse: {problem}");

    private string RenderPart(IFluidTemplate template, TemplatePart part, Dictionary<string, object?> model)
    {
        var options = new TemplateOptions
        {
            CultureInfo = Culture,
            // An admin's loop cannot run away with the dispatcher.
            MaxSteps = 100_000,
            MaxRecursion = 20,
            Now = () => clock.GetUtcNow(),
        };
        var context = new TemplateContext(options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, FluidValue.Create(value, options));
        }

        context.SetValue("site", FluidValue.Create(new Dictionary<string, object?> { ["name"] = site.SiteName }, options));
        return part == TemplatePart.HtmlBody ? template.Render(context, HtmlOutput) : template.Render(context, NullEncoder.Default);
    }

    private static Dictionary<string, object?> ParseModel(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return ToValues(document.RootElement);
    }

    /// <summary>
    /// Copies the model as plain data (hashes, lists, strings, numbers, booleans) so a template can read values but can
    /// never reach members or methods of the caller's objects.
    /// </summary>
    private static Dictionary<string, object?> ToPlainData(object? model)
    {
        if (model is null)
        {
            return [];
        }

        var element = JsonSerializer.SerializeToElement(model, model.GetType(), JsonSerializerOptions.Web);
        return ToValues(element);
    }

    private static Dictionary<string, object?> ToValues(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new System.ArgumentException("An email model must be an object (named values), not a single value or a list.");
        }

        var hash = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            hash[property.Name] = Plain(property.Value);
        }

        return hash;
    }

    private static object? Plain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToValues(element),
        JsonValueKind.Array => element.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
