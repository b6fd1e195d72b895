using System.Net;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Templates;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Notifications.Tests;

/// <summary>Admins edit templates with a preview; a template that does not parse is refused and the old one stays.</summary>
public sealed class TemplateTests(MaildevSite site) : IClassFixture<MaildevSite>
{
    private const string Page = "/admin/email/templates/test-email";

    private static Dictionary<string, string> Form(string subject, string text, string html, string version = "0", bool editingSaved = false) => new()
    {
        ["Subject"] = subject,
        ["TextBody"] = text,
        ["HtmlBody"] = html,
        ["Version"] = version,
        ["EditingSaved"] = editingSaved ? "true" : "false",
    };

    [Fact]
    public async Task A_template_with_a_syntax_error_is_refused_with_the_parsers_message_next_to_the_field_and_the_old_one_stays()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var before = await site.WithScopeAsync(sp => sp.GetRequiredService<EmailTemplates>().GetAsync("test-email"));

        var response = await client.PostFormAsync(Page, Form("Hello {{ site.name }}", "Broken {% if sent_by %} never closed", "<p>{{ sent_by }</p>"), Page + "?handler=Save");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = Accreditation.Testing.Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotNull(document.QuerySelector(".govuk-error-summary"));
        var textError = document.QuerySelector("#TextBody-error")?.TextContent;
        var htmlError = document.QuerySelector("#HtmlBody-error")?.TextContent;
        Assert.NotNull(textError);
        Assert.NotNull(htmlError);
        Assert.Null(document.QuerySelector("#Subject-error"));
        // The parser's own words, e.g. "The 'if' tag is not closed" / "Expected end tag ... at (1:...)".
        Assert.Matches(@"\(\d+:\d+\)|end|close", textError);
        Assert.Contains("summary", document.QuerySelector(".govuk-error-summary a[href='#TextBody']")?.ParentElement?.ParentElement?.ClassName ?? "", StringComparison.Ordinal);
        // What was typed stays in the form, so the admin can fix it.
        Assert.Contains("never closed", document.QuerySelector("textarea#TextBody")?.TextContent, StringComparison.Ordinal);

        var after = await site.WithScopeAsync(sp => sp.GetRequiredService<EmailTemplates>().GetAsync("test-email"));
        Assert.Equal(before, after);
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<EmailTemplate>().AnyAsync()));
    }

    [Fact]
    public async Task A_good_template_previews_then_saves_and_new_messages_use_it()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        var form = Form("Checking email for {{ site.name }}", "Sent by {{ sent_by }}.", "<p>Sent by <em>{{ sent_by }}</em>.</p>");

        var preview = await client.PostFormAsync(Page, form, Page + "?handler=Preview");
        var previewDocument = Accreditation.Testing.Pages.Parse(await preview.Content.ReadAsStringAsync());
        Assert.Equal("Checking email for Practice leader accreditation", previewDocument.QuerySelector("[data-preview=subject]")?.TextContent);
        Assert.Equal("Sent by admin@example.gov.uk.", previewDocument.QuerySelector("[data-preview=text]")?.TextContent);
        Assert.Contains("<em>admin@example.gov.uk</em>", previewDocument.QuerySelector("iframe")?.GetAttribute("srcdoc"), StringComparison.Ordinal);
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<EmailTemplate>().AnyAsync()));

        var save = await client.PostFormAsync(Page, form, Page + "?handler=Save");
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);

        var to = EmailSiteExtensions.NewAddress("edited");
        await site.QueueAsync(new EmailMessage { To = [new EmailAddress(to)], Template = "test-email", Model = new { sent_by = "Ada" } });
        await site.DispatchAsync();
        var message = Assert.Single(await Maildev.Instance.WaitForAsync(to));
        Assert.Equal("Checking email for Practice leader accreditation", message.GetProperty("subject").GetString());
        Assert.Contains("Sent by Ada.", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<em>Ada</em>", message.GetProperty("html").GetString(), StringComparison.Ordinal);

        // Saving from a stale form (read before the save above) is a conflict, and changes nothing.
        var stale = await client.PostFormAsync(Page, Form("Stale {{ sent_by }}", "Stale", ""), Page + "?handler=Save");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Checking email for {{ site.name }}", (await site.WithScopeAsync(sp => sp.GetRequiredService<EmailTemplates>().GetAsync("test-email")))!.Subject);

        // Back to the shipped default.
        var reset = await client.PostFormAsync(Page, new Dictionary<string, string>(), Page + "?handler=Reset");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.False((await site.WithScopeAsync(sp => sp.GetRequiredService<EmailTemplates>().GetAsync("test-email")))!.Customised);
    }

    [Fact]
    public async Task The_html_part_encodes_what_is_written_after_filters_raw_opts_out_and_a_runaway_loop_is_refused()
    {
        var rendered = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<EmailTemplates>().RenderWithJson(
            "For {{ name }}",
            "{{ name | upcase }}",
            "<p>{{ name | upcase }}</p><p>{{ trusted | raw }}</p><p>{{ place }}</p>",
            """{"name": "<b>Zoë</b> & co", "trusted": "<em>kept</em>", "place": "Hallé"}""")));

        Assert.Equal("For <b>Zoë</b> & co", rendered.Subject);
        Assert.Equal("<B>ZOË</B> & CO", rendered.TextBody);
        Assert.Contains("<p>&lt;B&gt;ZOË&lt;/B&gt; &amp; CO</p>", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<p><em>kept</em></p>", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<p>Hallé</p>", rendered.HtmlBody, StringComparison.Ordinal);

        var errors = await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<EmailTemplates>().Check(
            "Subject", "{% for i in (1..1000000) %}{{ i }}{% endfor %}", "", "{}")));
        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.TextBody, error.Part);
        Assert.StartsWith("The template could not be rendered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_template_is_not_found()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/email/templates/no-such-template")).StatusCode);
    }
}
