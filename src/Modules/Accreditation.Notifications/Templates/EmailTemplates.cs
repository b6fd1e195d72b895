using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using DotLiquid.Exceptions;
using DotLiquid;
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
/// DotLiquid; in the HTML part every output is HTML-encoded (as if each <c>{{ }}</c> ended in <c>| escape</c>) unless
/// it ends in <c>| raw</c>; the subject and the text part are plain text and are not encoded.
/// </summary>
public sealed partial class EmailTemplates(AccreditationDbContext db, IEnumerable<ShippedEmailTemplate> shipped, SiteSettings site)
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

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

            Template template;
            try
            {
                template = Parse(source ?? "", part);
            }
            catch (SyntaxException ex)
            {
                errors.Add(new TemplateError(part, ex.Message));
                continue;
            }

            try
            {
                RenderPart(template, ParseModel(sampleModelJson));
            }
            catch (Exception ex) when (ex is LiquidException or InvalidOperationException or System.ArgumentException or FormatException or TimeoutException or JsonException)
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

    /// <summary>
    /// The HTML part's source with every output encoded: <c>{{ x }}</c> becomes <c>{{ x | escape }}</c>, so encoding
    /// happens after the template's own filters, on what is written; <c>{{ x | raw }}</c> is written as it is.
    /// </summary>
    public static string EncodeOutputs(string source) =>
        OutputMarkup().Replace(source, match =>
        {
            if (!match.Groups["output"].Success)
            {
                return match.Value; // a {% raw %} block stays literal
            }

            var expression = match.Groups["output"].Value.Trim();
            var raw = RawFilter().Match(expression);
            var encoded = raw.Success ? expression[..raw.Index].TrimEnd() : $"{expression} | escape";
            return $"{{{{{match.Groups["open"].Value} {encoded} {match.Groups["close"].Value}}}}}";
        });

    private RenderedEmail Render(string subject, string textBody, string htmlBody, Hash model)
    {
        var s = RenderPart(Parse(subject, TemplatePart.Subject), model);
        var t = RenderPart(Parse(textBody, TemplatePart.TextBody), model);
        var h = string.IsNullOrWhiteSpace(htmlBody) ? "" : RenderPart(Parse(htmlBody, TemplatePart.HtmlBody), model);
        return new RenderedEmail(HeaderText.SingleLine(s), t, h);
    }

    private static Template Parse(string source, TemplatePart part) =>
        Template.Parse(part == TemplatePart.HtmlBody ? EncodeOutputs(source) : source);

    private string RenderPart(Template template, Hash model)
    {
        var variables = new Hash();
        variables.Merge(model);
        variables["site"] = Hash.FromDictionary(new Dictionary<string, object> { ["name"] = site.SiteName });
        return template.Render(new RenderParameters(Culture)
        {
            LocalVariables = variables,
            Filters = [typeof(EmailFilters)],
            ErrorsOutputMode = ErrorsOutputMode.Rethrow,
            // An admin's loop cannot run away with the dispatcher.
            MaxIterations = 100_000,
            Timeout = 2_000,
        });
    }

    private static Hash ParseModel(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Hash();
        }

        using var document = JsonDocument.Parse(json);
        return ToHash(document.RootElement);
    }

    /// <summary>
    /// Copies the model as plain data (hashes, lists, strings, numbers, booleans) so a template can read values but can
    /// never reach members or methods of the caller's objects.
    /// </summary>
    private static Hash ToPlainData(object? model)
    {
        if (model is null)
        {
            return new Hash();
        }

        var element = JsonSerializer.SerializeToElement(model, model.GetType(), JsonSerializerOptions.Web);
        return ToHash(element);
    }

    private static Hash ToHash(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new System.ArgumentException("An email model must be an object (named values), not a single value or a list.");
        }

        var hash = new Hash();
        foreach (var property in element.EnumerateObject())
        {
            hash[property.Name] = Plain(property.Value);
        }

        return hash;
    }

    private static object? Plain(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToHash(element),
        JsonValueKind.Array => element.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? whole : element.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    [GeneratedRegex(@"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}|\{\{(?<open>-?)(?<output>.*?)(?<close>-?)\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OutputMarkup();

    [GeneratedRegex(@"\|\s*raw\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RawFilter();
}

/// <summary>Filters email templates have besides Liquid's standard ones.</summary>
public static class EmailFilters
{
    /// <summary>Writes the value as it is: in the HTML part, not encoded (for HTML the caller built and trusts).</summary>
    public static object? Raw(object? input) => input;
}
