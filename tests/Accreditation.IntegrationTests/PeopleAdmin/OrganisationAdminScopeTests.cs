using System.Net;
using Accreditation.Core.Security;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>
/// An organisation admin manages only their own authority's people: others do not exist for them (404), and they
/// give only Candidate, Endorser and OrganisationAdmin.
/// </summary>
public sealed class OrganisationAdminScopeTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    private const string LeedsAdmin = "admin@leeds.example.gov.uk";
    private const string LeedsCandidate = "candidate@leeds.example.gov.uk";
    private const string LeedsAssessor = "assessor@leeds.example.gov.uk";
    private const string CamdenCandidate = "candidate@camden.example.gov.uk";

    private async Task<(Guid Leeds, Guid Camden, string CamdenCandidateId, string LeedsCandidateId)> SetUpAsync()
    {
        var leeds = await site.OrganisationAsync("E08000035", "Leeds", Core.Identity.EnglishRegion.YorkshireAndTheHumber);
        var camden = await site.OrganisationAsync("E09000007", "Camden");
        if (await site.FindAsync(LeedsAdmin) is null)
        {
            await site.PersonAsync(LeedsAdmin, leeds, Roles.OrganisationAdmin);
            await site.PersonAsync(LeedsCandidate, leeds, Roles.Candidate);
            await site.PersonAsync(LeedsAssessor, leeds, Roles.Assessor);
            await site.PersonAsync(CamdenCandidate, camden, Roles.Candidate);
        }

        return (leeds, camden, (await site.FindAsync(CamdenCandidate))!.Id, (await site.FindAsync(LeedsCandidate))!.Id);
    }

    [Fact]
    public async Task An_organisation_admin_lists_and_finds_only_the_people_of_their_own_authority()
    {
        var (_, camden, _, _) = await SetUpAsync();
        var client = await site.SignedInAsync(LeedsAdmin);

        var list = await client.GetStringAsync("/admin/people");
        var search = await client.GetStringAsync("/admin/people?q=camden");
        var otherAuthority = await client.GetAsync($"/admin/people?organisation={camden}");

        Assert.Contains(LeedsCandidate, list, StringComparison.Ordinal);
        Assert.DoesNotContain(CamdenCandidate, list, StringComparison.Ordinal);
        Assert.DoesNotContain(CamdenCandidate, search, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherAuthority.StatusCode);
    }

    [Fact]
    public async Task A_person_of_another_authority_does_not_exist_for_an_organisation_admin()
    {
        var (_, _, camdenId, leedsId) = await SetUpAsync();
        var client = await site.SignedInAsync(LeedsAdmin);
        var before = await site.FindAsync(CamdenCandidate);

        foreach (var page in new[] { "", "/roles", "/deactivate" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/people/{camdenId}{page}")).StatusCode);
        }

        // Forms of the admin's own person, posted against the other authority's person.
        var roles = await client.PostFieldsAsync($"/admin/people/{leedsId}/roles", [new("Roles", Roles.OrganisationAdmin), new("ConcurrencyStamp", before!.ConcurrencyStamp!)], $"/admin/people/{camdenId}/roles");
        var deactivate = await client.PostFieldsAsync($"/admin/people/{leedsId}/deactivate", [new("ConcurrencyStamp", before.ConcurrencyStamp!)], $"/admin/people/{camdenId}/deactivate");

        Assert.Equal(HttpStatusCode.NotFound, roles.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deactivate.StatusCode);
        var after = await site.FindAsync(CamdenCandidate);
        Assert.True(after!.IsActive);
        Assert.Equal(before.ConcurrencyStamp, after.ConcurrencyStamp);
        Assert.Equal([Roles.Candidate], await site.RolesAsync(CamdenCandidate));
    }

    [Fact]
    public async Task An_organisation_admin_cannot_grant_platform_admin_or_any_role_beyond_their_remit()
    {
        var (leeds, _, _, leedsId) = await SetUpAsync();
        var client = await site.SignedInAsync(LeedsAdmin);
        var form = await client.GetDocumentAsync($"/admin/people/{leedsId}/roles");
        var stamp = (await site.FindAsync(LeedsCandidate))!.ConcurrencyStamp!;

        var grant = await client.PostFieldsAsync($"/admin/people/{leedsId}/roles", [new("Roles", Roles.Candidate), new("Roles", Roles.PlatformAdmin), new("ConcurrencyStamp", stamp)]);
        var invite = await client.PostFieldsAsync("/admin/people/invite", [new("Email", "new-admin@leeds.example.gov.uk"), new("OrganisationId", leeds.ToString()), new("Roles", Roles.PlatformAdmin)]);

        Assert.Equal([Roles.Candidate, Roles.Endorser, Roles.OrganisationAdmin], form.QuerySelectorAll("input[name=Roles]").Select(i => i.GetAttribute("value")));
        Assert.Equal("/account/access-denied", grant.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", invite.Headers.Location?.AbsolutePath);
        Assert.Equal([Roles.Candidate], await site.RolesAsync(LeedsCandidate));
        Assert.Empty(await site.AuditAsync("invitation.created"));
    }

    [Fact]
    public async Task An_organisation_admin_can_make_a_candidate_of_their_authority_an_organisation_admin_too()
    {
        const string email = "second-admin@leeds.example.gov.uk";
        var (leeds, _, _, _) = await SetUpAsync();
        var id = await site.PersonAsync(email, leeds, Roles.Candidate);
        var client = await site.SignedInAsync(LeedsAdmin);
        var stamp = (await site.FindAsync(email))!.ConcurrencyStamp!;

        var response = await client.PostFieldsAsync($"/admin/people/{id}/roles", [new("Roles", Roles.Candidate), new("Roles", Roles.OrganisationAdmin), new("ConcurrencyStamp", stamp)]);

        Assert.Equal($"/admin/people/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal([Roles.Candidate, Roles.OrganisationAdmin], await site.RolesAsync(email));
        Assert.Equal("added OrganisationAdmin", Assert.Single(await site.AuditAsync("user.roles-changed", id)).Details);
    }

    [Fact]
    public async Task An_organisation_admin_makes_a_person_of_their_authority_an_endorser_who_then_has_the_endorsements_page()
    {
        const string email = "line-manager@leeds.example.gov.uk";
        var (leeds, _, _, _) = await SetUpAsync();
        var id = await site.PersonAsync(email, leeds, Roles.Candidate);
        var client = await site.SignedInAsync(LeedsAdmin);
        var stamp = (await site.FindAsync(email))!.ConcurrencyStamp!;

        var response = await client.PostFieldsAsync($"/admin/people/{id}/roles", [new("Roles", Roles.Candidate), new("Roles", Roles.Endorser), new("ConcurrencyStamp", stamp)]);

        Assert.Equal($"/admin/people/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal([Roles.Candidate, Roles.Endorser], await site.RolesAsync(email));
        var endorser = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await endorser.SignInAsync(email, Testing.People.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await endorser.GetAsync("/endorsements")).StatusCode);
    }

    [Fact]
    public async Task Someone_holding_a_role_beyond_the_remit_is_left_to_a_platform_admin()
    {
        await SetUpAsync();
        var assessor = await site.FindAsync(LeedsAssessor);
        var client = await site.SignedInAsync(LeedsAdmin);

        var person = await client.GetDocumentAsync($"/admin/people/{assessor!.Id}");
        var roles = await client.GetAsync($"/admin/people/{assessor.Id}/roles");
        var deactivate = await client.PostFieldsAsync("/account/sign-out", [new("ConcurrencyStamp", assessor.ConcurrencyStamp!)], $"/admin/people/{assessor.Id}/deactivate");

        Assert.Contains("Only a platform admin can change this person", person.QuerySelector("main")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/access-denied", roles.Headers.Location?.AbsolutePath);
        Assert.Equal("/account/access-denied", deactivate.Headers.Location?.AbsolutePath);
        Assert.True((await site.FindAsync(LeedsAssessor))!.IsActive);
    }
}
