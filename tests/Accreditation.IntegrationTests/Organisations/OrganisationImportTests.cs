using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Identity.Organisations;
using Accreditation.IntegrationTests.PeopleAdmin;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Organisations;

/// <summary>Platform admins import local authorities from CSV, edit them, and the demo recipe seeds real ones.</summary>
public sealed class OrganisationImportTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    private Task<List<Organisation>> OrganisationsAsync(params string[] codes) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Organisation>().AsNoTracking()
            .Where(o => codes.Contains(o.Code)).OrderBy(o => o.Code).ToListAsync());

    [Fact]
    public async Task A_file_with_bad_lines_lists_each_by_its_line_number_and_imports_nothing()
    {
        var admin = await site.AdminAsync();
        const string csv = "Name,ONS code,Region\n" +
            "Sunderland,E08000024,North East\n" +
            "Camden,E0900007,London\n" +
            "\"Hampshire, County\",E10000014,Wessex\n" +
            ",E06000052,South West\n" +
            "Gateshead,E08000024,North East\n" +
            "\"Durham\nCounty\",E06000047,North East,extra\n";
        var before = await DatabaseSnapshot.TakeAsync(site.Services);

        var response = await admin.UploadOrganisationsAsync(csv);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = (await response.ReadPageAsync()).ErrorSummary();
        Assert.Collection(errors,
            e => Assert.StartsWith("Line 3: 'E0900007' is not the ONS code of a local authority", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Line 4: 'Wessex' is not an English region", e, StringComparison.Ordinal),
            e => Assert.Equal("Line 5: Enter the organisation's name.", e),
            e => Assert.StartsWith("Line 6: E08000024 is already on line 2", e, StringComparison.Ordinal),
            e => Assert.StartsWith("Line 7 has 4 values but the header line names 3 columns", e, StringComparison.Ordinal));
        Assert.Empty(DatabaseSnapshot.Differences(before, await DatabaseSnapshot.TakeAsync(site.Services)));
    }

    [Fact]
    public async Task Importing_the_same_authorities_again_updates_them_by_ons_code_instead_of_adding_duplicates()
    {
        var admin = await site.AdminAsync();
        var first = await admin.UploadOrganisationsAsync(
            "name,ons code,region,kind\n" +
            "Wakefield,E08000036,Yorkshire and the Humber,Local authority\n" +
            "Islington,e09000019,London,\n" +
            "Chief Social Worker's office,CSWO,,Chief Social Worker's office\n");
        Assert.Equal("/admin/organisations", first.Headers.Location?.OriginalString);
        var islingtonBefore = Assert.Single(await OrganisationsAsync("E09000019"));

        var second = await admin.UploadOrganisationsAsync(
            "Region,Name,ONS code\n" +
            "Yorkshire and The Humber,Wakefield Council,E08000036\n" +
            "London,Islington,E09000019\n" +
            "South West,Devon,E10000008\n");

        Assert.Equal("/admin/organisations", second.Headers.Location?.OriginalString);
        var list = await admin.GetDocumentAsync("/admin/organisations");
        Assert.Contains("3 organisations: 1 added, 1 updated, 1 already up to date", list.QuerySelector(".govuk-notification-banner")?.TextContent, StringComparison.Ordinal);
        var stored = await OrganisationsAsync("E08000036", "E09000019", "CSWO", "E10000008");
        Assert.Equal(["CSWO", "E08000036", "E09000019", "E10000008"], stored.Select(o => o.Code));
        Assert.Equal("Wakefield Council", stored.Single(o => o.Code == "E08000036").Name);
        Assert.Equal(EnglishRegion.YorkshireAndTheHumber, stored.Single(o => o.Code == "E08000036").Region);
        Assert.Equal(OrganisationKind.ChiefSocialWorkersOffice, stored.Single(o => o.Code == "CSWO").Kind);
        Assert.Equal(islingtonBefore.Version, stored.Single(o => o.Code == "E09000019").Version); // not rewritten
        Assert.Single(await site.AuditAsync("organisation.updated", stored.Single(o => o.Code == "E08000036").Id.ToString()));
    }

    [Fact]
    public async Task A_file_is_judged_by_its_content_not_its_name()
    {
        var admin = await site.AdminAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xD8];

        var picture = await admin.UploadOrganisationsAsync(png, "organisations.csv", "text/csv");
        var text = await admin.UploadOrganisationsAsync(System.Text.Encoding.UTF8.GetBytes("Name,ONS code,Region\nBristol,E06000023,South West\n"), "authorities.txt", "text/plain");

        Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
        Assert.Contains("is not a CSV file", Assert.Single((await picture.ReadPageAsync()).ErrorSummary()), StringComparison.Ordinal);
        Assert.Equal("/admin/organisations", text.Headers.Location?.OriginalString);
        Assert.Equal("Bristol", Assert.Single(await OrganisationsAsync("E06000023")).Name);
    }

    [Fact]
    public async Task Saving_an_organisation_from_a_stale_form_answers_409_and_keeps_the_other_change()
    {
        var id = await site.OrganisationAsync("E08000016", "Barnsley", EnglishRegion.YorkshireAndTheHumber);
        var first = await site.AdminAsync();
        var second = await site.AdminAsync();
        var url = $"/admin/organisations/{id}";
        var firstForm = await first.GetDocumentAsync(url);
        var staleVersion = firstForm.QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;
        Dictionary<string, string> Form(string name, string version) => new()
        {
            ["Form.Name"] = name,
            ["Form.Code"] = "E08000016",
            ["Form.Kind"] = nameof(OrganisationKind.LocalAuthority),
            ["Form.Region"] = nameof(EnglishRegion.YorkshireAndTheHumber),
            ["RowVersion"] = version,
        };

        var saved = await second.PostFormAsync(url, Form("Barnsley Metropolitan Borough", staleVersion));
        var stale = await first.PostFormAsync(url, Form("Barnsley Council", staleVersion));

        Assert.Equal("/admin/organisations", saved.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.ReadPageAsync();
        Assert.Contains("Someone else changed this organisation while you were editing it", Assert.Single(page.ErrorSummary()), StringComparison.Ordinal);
        Assert.Equal("Barnsley Metropolitan Borough", page.QuerySelector("#Form_Name")?.GetAttribute("value"));
        Assert.Equal("Barnsley Metropolitan Borough", Assert.Single(await OrganisationsAsync("E08000016")).Name);
    }

    [Fact]
    public async Task A_bad_organisation_is_refused_with_messages_next_to_its_fields()
    {
        var admin = await site.AdminAsync();

        var response = await admin.PostFormAsync("/admin/organisations/new", new Dictionary<string, string>
        {
            ["Form.Name"] = "Somewhere",
            ["Form.Code"] = "E07000001",
            ["Form.Kind"] = nameof(OrganisationKind.LocalAuthority),
            ["Form.Region"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("is not the ONS code of a local authority with children's services", page.QuerySelector("#Form_Code-error")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Select the local authority's region", page.QuerySelector("#Form_Region-error")?.TextContent, StringComparison.Ordinal);
        Assert.Empty(await OrganisationsAsync("E07000001"));
    }

    [Fact]
    public async Task Only_people_who_manage_organisations_can_open_the_pages()
    {
        var leeds = await site.OrganisationAsync("E08000035", "Leeds");
        await site.PersonAsync("la-admin-orgs@example.gov.uk", leeds, Roles.OrganisationAdmin);
        var client = await site.SignedInAsync("la-admin-orgs@example.gov.uk");

        Assert.Equal("/account/access-denied", (await client.GetAsync("/admin/organisations")).Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", (await client.GetAsync("/admin/organisations/import")).Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", (await client.GetAsync($"/admin/organisations/{leeds}")).Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task The_demo_recipe_seeds_english_authorities_and_the_chief_social_workers_office_and_gives_people_theirs()
    {
        _ = site.Server;
        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json"), allowDemo: true));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));

        var (leeds, cswo, all) = await site.WithScopeAsync(async sp =>
        {
            var directory = sp.GetRequiredService<IOrganisationDirectory>();
            return (await directory.FindByCodeAsync("e08000035"), await directory.FindByCodeAsync("CSWO"), await directory.ListAsync());
        });
        Assert.Equal(new OrganisationSummary(leeds!.Id, "Leeds", "E08000035", OrganisationKind.LocalAuthority, EnglishRegion.YorkshireAndTheHumber), leeds);
        Assert.Equal(OrganisationKind.ChiefSocialWorkersOffice, cswo!.Kind);
        Assert.Contains(all, o => o.Code == "E09000007" && o.Name == "Camden");
        Assert.Equal(leeds.Id, (await site.FindAsync("la-admin@demo.example"))!.OrganisationId);
        Assert.Equal(cswo.Id, (await site.FindAsync("platform-admin@demo.example"))!.OrganisationId);
    }
}
