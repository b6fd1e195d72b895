using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Testing;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>The editor's form speaks people's words: topics of several words, roles by name, organisations chosen by name.</summary>
public sealed class EditorFormTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private async Task<HttpClient> PublisherAsync()
    {
        var email = PublishingSiteExtensions.NewAddress("editor");
        await site.CreatePersonAsync(email, [Roles.Publisher]);
        return await site.SignedInClientAsync(email);
    }

    private static Dictionary<string, string> Fields(string title, string topics) => new()
    {
        ["Kind"] = "Update",
        ["Title"] = title,
        ["Summary"] = "A summary.",
        ["Body"] = "Some guidance.",
        ["Topics"] = topics,
        ["KssStatements"] = "2",
        ["Audience"] = "Public",
    };

    private Task<PracticeUpdate> StoredAsync(string title) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdate>().AsNoTracking().SingleAsync(u => u.Title == title));

    [Fact]
    public async Task Topics_of_several_words_are_kept_and_shown_again_as_typed_in_lower_case()
    {
        var client = await PublisherAsync();
        var title = $"Topics {Guid.NewGuid():N}";

        var saved = await client.PostFormAsync("/admin/publishing/edit", Fields(title, "Children in need,  Supervision , domestic   abuse, children in need"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var item = await StoredAsync(title);
        Assert.Equal("children in need,supervision,domestic abuse", item.Topics);
        var form = await client.GetDocumentAsync($"/admin/publishing/edit/{item.Id}");
        Assert.Equal("children in need, supervision, domestic abuse", form.QuerySelector<IHtmlInputElement>("#Topics")!.Value);

        // A topic that is not words is refused next to the field, and nothing is saved.
        var refusedTitle = $"Bad topic {Guid.NewGuid():N}";
        var refused = await client.PostFormAsync("/admin/publishing/edit", Fields(refusedTitle, "supervision, <b>bold</b>"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = Testing.Pages.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Each topic must be words", page.QuerySelector("#Topics-error")!.TextContent, StringComparison.Ordinal);
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdate>().AnyAsync(u => u.Title == refusedTitle)));

        // Readers can follow a topic of several words too.
        var subscribe = await client.PostFormAsync("/updates/subscriptions", new Dictionary<string, string> { ["Topic"] = "Children  in Need", ["Frequency"] = "Weekly" });
        Assert.Equal(HttpStatusCode.Redirect, subscribe.StatusCode);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<UpdateSubscription>().AnyAsync(s => s.Topic == "children in need")));
    }

    [Fact]
    public async Task Roles_read_as_words_and_organisations_are_chosen_by_name_never_typed_as_ids()
    {
        var client = await PublisherAsync();
        var organisation = Guid.NewGuid();
        await site.WithScopeAsync(sp => People.EnsureOrganisationAsync(sp, organisation));
        var form = await client.GetDocumentAsync("/admin/publishing/edit");

        var roleLabels = form.QuerySelectorAll("#conditional-Audience-Roles .govuk-checkboxes__label").Select(l => l.TextContent.Trim()).ToList();
        Assert.Contains("Lead assessor", roleLabels);
        Assert.Contains("Organisation admin", roleLabels);
        Assert.DoesNotContain(roleLabels, l => l.Contains("LeadAssessor", StringComparison.Ordinal) || l.Contains("OrganisationAdmin", StringComparison.Ordinal));
        // The organisations are checkboxes labelled by name, revealed under their audience choice; no field asks for an id.
        var choice = form.QuerySelector<IHtmlInputElement>($"#conditional-Audience-Organisations input[value='{organisation}']")!;
        Assert.Equal("checkbox", choice.Type);
        Assert.StartsWith("Test organisation", form.QuerySelector($"label[for='{choice.Id}']")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("govuk-radios__conditional--hidden", form.QuerySelector("#conditional-Audience-Organisations")!.ClassName, StringComparison.Ordinal);
        Assert.Empty(form.QuerySelectorAll("input[type=text][name=AudienceOrganisations], textarea[name=AudienceOrganisations]"));

        var title = $"For one organisation {Guid.NewGuid():N}";
        var fields = Fields(title, "supervision");
        fields["Audience"] = "Organisations";
        fields["AudienceOrganisations"] = organisation.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/admin/publishing/edit", fields)).StatusCode);
        var item = await StoredAsync(title);
        Assert.Equal(organisation.ToString(), item.AudienceOrganisations);
        var edit = await client.GetDocumentAsync($"/admin/publishing/edit/{item.Id}");
        Assert.True(edit.QuerySelector<IHtmlInputElement>($"input[name=AudienceOrganisations][value='{organisation}']")!.IsChecked);
        Assert.DoesNotContain("govuk-radios__conditional--hidden", edit.QuerySelector("#conditional-Audience-Organisations")!.ClassName, StringComparison.Ordinal);

        // None chosen, or one that is not in the list (a forged form), is refused next to the field.
        fields["Title"] = $"Nobody {Guid.NewGuid():N}";
        fields.Remove("AudienceOrganisations");
        var none = Testing.Pages.Parse(await (await client.PostFormAsync("/admin/publishing/edit", fields)).Content.ReadAsStringAsync());
        Assert.Contains("Select at least one organisation", none.QuerySelector("#AudienceOrganisations-error")!.TextContent, StringComparison.Ordinal);
        fields["AudienceOrganisations"] = Guid.NewGuid().ToString();
        var unknown = Testing.Pages.Parse(await (await client.PostFormAsync("/admin/publishing/edit", fields)).Content.ReadAsStringAsync());
        Assert.Contains("Select organisations from the list", unknown.QuerySelector("#AudienceOrganisations-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statuses_read_as_words()
    {
        var client = await PublisherAsync();
        var title = $"Status words {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/admin/publishing/edit", Fields(title, "supervision"))).StatusCode);
        var item = await StoredAsync(title);
        var submit = await client.PostFormAsync($"/admin/publishing/{item.Id}", new Dictionary<string, string> { ["Action"] = "Submit", ["Version"] = item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);

        var page = await client.GetDocumentAsync($"/admin/publishing/{item.Id}");
        Assert.Equal("In review", page.QuerySelector("#status")!.TextContent.Trim());
        var list = await client.GetDocumentAsync("/admin/publishing");
        Assert.DoesNotContain("InReview", list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("In review", list.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }
}
