using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Privacy;
using Accreditation.Cpd.Records;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;
using Accreditation.Testing.National;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Records;

/// <summary>
/// A record repeating another of the person's own, or a colleague's in the same organisation, is flagged before saving;
/// the records compared are the candidates the sketches find (and records without a sketch), never the whole authority.
/// </summary>
public sealed class DuplicateTests(CpdSite site) : IClassFixture<CpdSite>
{
    private const string Original = "I attended a two day course on contextual safeguarding run by the regional partnership. It was relevant because " +
        "our team is seeing more adolescents harmed outside the home, and our assessments still focus almost entirely on parents.";

    private const string LightlyEdited = "I attended a two day course on contextual safeguarding run by our regional partnership. It was relevant because " +
        "my team is seeing more adolescents harmed outside the home, and our assessments still focus almost only on parents.";

    private const string Unrelated = "I read a research summary on family group conferences and discussed with my manager how we might offer one " +
        "before every initial child protection conference, and what that would mean for caseloads.";

    private const string Learning = "What I learned about peer groups.";

    private const string Impact = "I now map where young people spend time.";

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
        fields["Input.Learning"] = Learning;
        fields["Input.Impact"] = Impact;
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

    [Fact]
    public void Sketches_of_a_lightly_edited_text_share_a_band_those_of_an_unrelated_text_do_not_and_length_rules_out_the_rest()
    {
        var original = CpdSketch.Of(Original);
        var edited = CpdSketch.Of(LightlyEdited);
        var unrelated = CpdSketch.Of(Unrelated);

        Assert.Equal(CpdSketch.Bands, original.Values.Count);
        Assert.Equal(original.Values, CpdSketch.Of(Original.ToUpperInvariant()).Values);
        Assert.NotEmpty(original.Values.Intersect(edited.Values));
        Assert.Empty(original.Values.Intersect(unrelated.Values));
        Assert.Empty(CpdSketch.Of("?!").Values);
        Assert.InRange(edited.Shingles, original.FewestShingles, original.MostShingles);
        Assert.Equal((original.Shingles + 1) / 2, original.FewestShingles);
    }

    [Fact]
    public async Task A_save_reads_only_the_candidates_not_every_record_of_the_authority_and_still_finds_a_copy_among_them()
    {
        var organisation = Guid.NewGuid();
        var colleagues = new List<Person>();
        for (var i = 0; i < 3; i++)
        {
            colleagues.Add(await site.PersonAsync(Roles.Candidate, organisation, $"Colleague {i}"));
        }

        // 300 completed records of the authority in words from one vocabulary, sketched as the site sketches them.
        var random = new Random(17);
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => $"w{random.Next(400)}"));
        var texts = Enumerable.Range(0, 300).Select(_ => Text(60)).ToList();
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            for (var i = 0; i < texts.Count; i++)
            {
                var record = new CpdRecord
                {
                    Id = Guid.NewGuid(), OwnerId = colleagues[i % 3].Id, Title = $"Record {i}", Date = Day, Minutes = 60,
                    Description = texts[i], Learning = Learning, Impact = Impact, CreatedAt = site.Clock.GetUtcNow(), UpdatedAt = site.Clock.GetUtcNow(),
                };
                db.Add(record);
                CpdSketch.AddFor(db, record);
            }

            await db.SaveChangesAsync();
        });
        var person = await site.PersonAsync(Roles.Candidate, organisation);

        await site.RecordAsync(person, Fields("Something new", Text(60)));
        var unrelated = SaveReads();

        var copy = string.Join(' ', texts[123].Split(' ').Select((w, i) => i % 20 == 5 ? "changed" : w));
        var (_, page) = await CpdSite.PostRecordAsync(person, Fields("A copy", copy));
        var duplicate = SaveReads();

        Assert.True(page.QuerySelector("#duplicates") is not null, $"The copy was not flagged; the save read {duplicate.Rows} rows.");
        Assert.Contains("a record by your colleague Colleague 0: “Record 123”", page.QuerySelector("#duplicates")!.TextContent, StringComparison.Ordinal);
        // About 55 rows are the page's own (the person, their organisation, the statements, the layout); reading the
        // authority's records, as the check did before sketches, adds all 300.
        Assert.True(unrelated.Rows < 100, $"A save read {unrelated.Rows} rows in {unrelated.Commands} queries with 300 records in the authority.");
        Assert.True(duplicate.Rows < 100, $"A save with a duplicate read {duplicate.Rows} rows in {duplicate.Commands} queries.");
    }

    [Fact]
    public async Task A_record_without_a_sketch_is_still_compared_and_the_background_task_sketches_it()
    {
        var organisation = Guid.NewGuid();
        var colleague = await site.PersonAsync(Roles.Candidate, organisation, "Sam Okafor");
        var id = await site.RecordAsync(colleague, Fields("Sam's safeguarding course", Original));
        var reset = await site.RecordAsync(colleague, Fields("Sam's reading", Unrelated));
        await site.WithScopeAsync(async sp =>
        {
            // One as a record made before sketches existed, one as after a release reset the sketches (rows still there).
            var db = sp.GetRequiredService<AccreditationDbContext>();
            await db.Set<CpdSketchBand>().Where(b => b.RecordId == id).ExecuteDeleteAsync();
            await db.Set<CpdRecord>().Where(r => r.Id == id || r.Id == reset).ExecuteUpdateAsync(s => s.SetProperty(r => r.SketchShingles, (int?)null));
        });
        var copier = await site.PersonAsync(Roles.Candidate, organisation);

        var before = await CpdSite.PostRecordAsync(copier, Fields("My course", LightlyEdited));
        Assert.Contains("a record by your colleague Sam Okafor", before.Page.QuerySelector("#duplicates")!.TextContent, StringComparison.Ordinal);

        var sketched = await site.WithScopeAsync(sp => sp.GetRequiredService<CpdSketchFill>().FillAsync(sp, CancellationToken.None));

        Assert.True(sketched >= 2);
        Assert.Equal(CpdSketch.Bands, (await SketchOfAsync(reset)).Bands);
        Assert.NotNull((await SketchOfAsync(reset)).Shingles);
        var (shingles, bands) = await SketchOfAsync(id);
        Assert.Equal(DuplicateCheck.Shingles(CpdRecords.TextOf(Original, Learning, Impact, null)).Count, shingles);
        Assert.Equal(CpdSketch.Bands, bands);
        Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<CpdSketchFill>().FillAsync(sp, CancellationToken.None)));
        var after = await CpdSite.PostRecordAsync(copier, Fields("My course", LightlyEdited));
        Assert.Contains("a record by your colleague Sam Okafor", after.Page.QuerySelector("#duplicates")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_record_replaces_its_sketch_so_the_old_wording_is_no_longer_matched_and_the_new_is()
    {
        var organisation = Guid.NewGuid();
        var colleague = await site.PersonAsync(Roles.Candidate, organisation, "Alex Byrne");
        var id = await site.RecordAsync(colleague, Fields("Alex's course", Original));
        var edit = Fields("Alex's course", Unrelated);
        edit["RowVersion"] = (await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>().Where(r => r.Id == id).Select(r => r.Version).SingleAsync())).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var saved = await colleague.Client.PostFormAsync($"/cpd/records/{id}/edit", edit);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(CpdSketch.Bands, (await SketchOfAsync(id)).Bands);
        var copier = await site.PersonAsync(Roles.Candidate, organisation);

        var copyOfNew = await CpdSite.PostRecordAsync(copier, Fields("Conferences", Unrelated));
        Assert.Contains("Alex Byrne", copyOfNew.Page.QuerySelector("#duplicates")!.TextContent, StringComparison.Ordinal);

        await site.RecordAsync(copier, Fields("My course", LightlyEdited));
    }

    [Fact]
    public async Task Erasing_a_person_deletes_their_records_sketches_and_no_one_elses()
    {
        var person = await site.PersonAsync(Roles.Candidate);
        var other = await site.PersonAsync(Roles.Candidate);
        var erased = await site.RecordAsync(person, Fields("To be erased", Original));
        var kept = await site.RecordAsync(other, Fields("Kept", Original));

        await site.WithScopeAsync(async sp =>
        {
            var provider = new CpdPersonalData(sp.GetRequiredService<AccreditationDbContext>(), sp.GetRequiredService<CpdFileStore>());
            await provider.EraseAsync(new DataSubject { UserId = person.Id, Pseudonym = "erased-TEST" }, new ErasureRun(new ErasurePlan()), CancellationToken.None);
        });

        Assert.Equal(0, (await SketchOfAsync(erased)).Bands);
        Assert.Equal(CpdSketch.Bands, (await SketchOfAsync(kept)).Bands);
        Assert.Contains(new CpdPersonalData(null!, null!).Declaration.Entities, e => e.EntityType == typeof(CpdSketchBand) && e.Treatment == ErasureTreatment.Deleted);
    }

    private RequestReads SaveReads() => site.Rows.Requests.Last(r => r.Path == "/cpd/records/new");

    private Task<(int? Shingles, int Bands)> SketchOfAsync(Guid id) => site.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        return (await db.Set<CpdRecord>().Where(r => r.Id == id).Select(r => r.SketchShingles).SingleOrDefaultAsync(),
            await db.Set<CpdSketchBand>().CountAsync(b => b.RecordId == id));
    });

    private Task<int> CountAsync(Person person) => site.WithScopeAsync(async sp =>
        (await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Contracts.ICpdYears>(sp)
            .YearsOfAsync(person.Id, Day, Day)).Single().Records);
}
