using Accreditation.Core.Security;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>Every change to people is in the audit trail, with who made it: invitation, acceptance, roles, deactivation, two-factor.</summary>
public sealed class PeopleAuditTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    [Fact]
    public async Task Inviting_accepting_changing_roles_deactivating_and_turning_on_two_factor_are_all_audited()
    {
        const string email = "audited@wirral.example.gov.uk";
        var wirral = await site.OrganisationAsync("E08000015", "Wirral", Core.Identity.EnglishRegion.NorthWest);
        var admin = await site.AdminAsync();
        var adminId = (await site.FindAsync(PlatformFactory.AdminEmail))!.Id;

        var link = await admin.InviteAsync(site, email, wirral, Roles.Candidate);
        var (browser, _) = await site.AcceptAsync(link, "Audited Person");
        var id = (await site.FindAsync(email))!.Id;
        var setup = await browser.GetDocumentAsync("/account/two-factor/setup");
        await browser.PostFormAsync("/account/two-factor/setup", new Dictionary<string, string> { ["Code"] = Testing.TwoFactor.CodeFor(setup.QuerySelector("#authenticator-key")!.TextContent) });
        await admin.PostFieldsAsync($"/admin/people/{id}/roles", [new("Roles", Roles.Candidate), new("Roles", Roles.Assessor), new("OrganisationId", wirral.ToString()), new("ConcurrencyStamp", (await site.FindAsync(email))!.ConcurrencyStamp!)]);
        await admin.PostFieldsAsync($"/admin/people/{id}/deactivate", [new("ConcurrencyStamp", (await site.FindAsync(email))!.ConcurrencyStamp!)]);

        var invited = Assert.Single(await site.AuditAsync("invitation.created"), a => a.Details!.StartsWith(email, StringComparison.Ordinal));
        Assert.Equal(adminId, invited.UserId);
        Assert.Single(await site.AuditAsync("invitation.accepted", invited.RecordId));
        Assert.Single(await site.AuditAsync("user.created", id));
        Assert.Equal(id, Assert.Single(await site.AuditAsync("account.two-factor-enabled", id)).UserId);
        var roles = Assert.Single(await site.AuditAsync("user.roles-changed", id));
        Assert.Equal((adminId, "added Assessor"), (roles.UserId, roles.Details));
        Assert.Equal(adminId, Assert.Single(await site.AuditAsync("user.deactivated", id)).UserId);
    }
}
