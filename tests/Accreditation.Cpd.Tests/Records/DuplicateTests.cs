using System.Net;
using Accreditation.Core.Security;
using Accreditation.Cpd.Records;
using Accreditation.Cpd.Tests.Support;

namespace Accreditation.Cpd.Tests.Records;

/// <summary>A record repeating another of the person's own, or a colleague's in the same organisation, is flagged before saving.</summary>
public sealed class DuplicateTests(CpdSite site) : IClassFixture<CpdSite>
{
    private const string Original = "I attended a two day course on contextual safeguarding run by the regional partnership. It was relevant because " +
        "our team is seeing more adolescents harmed outside the home, and our assessments still focus almost entirely on parents.";

    private const string LightlyEdited = "I attended a two day course on contextual safeguarding run by our regional partnership. It was relevant because " +
        "my team is seeing more adolescents harmed outside the home, and our assessments still focus almost only on parents.";

    private const string Unrelated = "I read a research summary on family group conferences and discussed with my manager how we might offer one " +
        "before every initial child protection conference, and what that would mean for caseloads.";

    private static readonly DateOnly Day = new(2026, 10, 12);

    [Fact]
    public void Identical_and_lightly_edited_texts_are_near_duplicates_and_an_unrelated_one_is_not()
    {
        Assert.True(DuplicateCheck.IsNearDuplicate(Original, Original));
        Assert.True(DuplicateCheck.IsNearDuplicate(Original, Original.ToUpperInvariant().Replace(".", "!", StringComparison.Ordinal)));
        Assert.True(DuplicateCheck.IsNearDuplicate(Original, LightlyEdited));
        Assert.False(DuplicateCheck.IsNearDuplicate(Original, Unrelated));
        Assert.False(DuplicateCheck.IsNearDuplicate(Original, ""));
    }

    [Fact]
    public void A_text_cut_into_shingles_once_compares_with_each_record_as_the_text_itself_does()
    {
        var shingles = DuplicateCheck.Shingles(Original);
        foreach (var other in new[] { Original, LightlyEdited, Unrelated, "", "Too short to call." })
        {
            Assert.Equal(DuplicateCheck.IsNearDuplicate(Original, other), DuplicateCheck.IsNearDuplicate(shingles, other));
        }

        Assert.True(DuplicateCheck.IsNearDuplicate(shingles, LightlyEdited));
        Assert.False(DuplicateCheck.IsNearDuplicate(shingles, Unrelated));
    }

    private static Dictionary<string, string> Fields(string title, string text)
    {
        var fields = CpdSite.RecordFields(title, Day, text);
        fields["Input.Learning"] = "What I learned about peer groups.";
        fields["Input.Impact"] = "I now map where young people spend time.";
        return fields;
    }

    [Fact]
    public async Task A_copy_of_ones_own_record_is_flagged_naming_it_and_saves_only_after_confirming()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        await site.RecordAsync(person, Fields("Contextual safeguarding course", Original));

        var (response, page) = await CpdSite.PostRecordAsync(person, Fields("Safeguarding course again", LightlyEdited));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = page.QuerySelector("#duplicates")!.TextContent;
        Assert.Contains("your record “Contextual safeguarding course”", warning, StringComparison.Ordinal);
        Assert.Contains("12 October 2026", warning, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#save-anyway"));
        Assert.Equal(LightlyEdited, page.QuerySelector("#Input_Description")!.TextContent);
        Assert.Equal(1, await CountAsync(person));

        var identical = await CpdSite.PostRecordAsync(person, Fields("Exactly the same", Original));
        Assert.NotNull(identical.Page.QuerySelector("#duplicates"));
        Assert.Equal(1, await CountAsync(person));

        var confirmed = Fields("Safeguarding course again", LightlyEdited);
        confirmed["Input.ConfirmDuplicate"] = "true";
        await site.RecordAsync(person, confirmed);
        Assert.Equal(2, await CountAsync(person));
    }

    [Fact]
    public async Task An_unrelated_record_is_not_flagged()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        await site.RecordAsync(person, Fields("Contextual safeguarding course", Original));

        await site.RecordAsync(person, Fields("Family group conferences", Unrelated));

        Assert.Equal(2, await CountAsync(person));
    }

    [Fact]
    public async Task A_copy_of_a_colleagues_record_names_the_colleague_without_showing_their_text_and_other_organisations_are_not_compared()
    {
        var organisation = Guid.NewGuid();
        var colleague = await site.PersonAsync(Roles.Candidate, organisation, "Morgan Ellis");
        await site.RecordAsync(colleague, Fields("Morgan's safeguarding course", Original));
        var copier = await site.PersonAsync(Roles.Candidate, organisation);
        var elsewhere = await site.PersonAsync(Roles.Candidate, Guid.NewGuid());

        var (_, page) = await CpdSite.PostRecordAsync(copier, Fields("My course", LightlyEdited));

        var warning = page.QuerySelector("#duplicates")!.TextContent;
        Assert.Contains("a record by your colleague Morgan Ellis", warning, StringComparison.Ordinal);
        Assert.Contains("Morgan's safeguarding course", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("almost entirely on parents", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(copier));

        await site.RecordAsync(elsewhere, Fields("Same course, another authority", LightlyEdited));
    }

    private Task<int> CountAsync(Person person) => site.WithScopeAsync(async sp =>
        (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Contracts.ICpdYears>(sp)
            .YearsOfAsync(person.Id, Day, Day)).Single().Records);
}
