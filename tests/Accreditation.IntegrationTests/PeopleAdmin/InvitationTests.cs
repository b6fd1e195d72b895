using System.Net;
using Accreditation.Core.Security;
using Accreditation.Testing;

namespace Accreditation.IntegrationTests.PeopleAdmin;

/// <summary>An invitation link makes one account, once, within 72 hours; a tampered link makes none.</summary>
public sealed class InvitationTests(PeopleSite site) : IClassFixture<PeopleSite>
{
    [Fact]
    public async Task An_invitation_link_makes_one_account_and_then_never_works_again()
    {
        const string email = "new-candidate@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var admin = await site.AdminAsync();
        var link = await admin.InviteAsync(site, email, kent, Roles.Candidate);

        var (browser, accepted) = await site.AcceptAsync(link, "Jo Bloggs");

        Assert.Equal("/account/two-factor/setup", accepted.Headers.Location?.OriginalString); // everyone sets up a second factor
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/two-factor/setup")).StatusCode); // signed in
        var person = await site.FindAsync(email);
        Assert.Equal("Jo Bloggs", person!.DisplayName);
        Assert.Equal(kent, person.OrganisationId);
        Assert.Equal([Roles.Candidate], await site.RolesAsync(email));

        var again = await site.CreateBrowserLikeClient().GetAsync(link);
        var (_, reused) = await site.AcceptAsync(link, "Someone Else", "different kestrel words 9");

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("This invitation has already been used", (await again.ReadPageAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Equal("Jo Bloggs", (await site.FindAsync(email))!.DisplayName);
    }

    [Fact]
    public async Task The_invitation_is_emailed_through_the_outbox_with_a_link_on_the_configured_address_even_when_the_host_header_is_forged()
    {
        const string email = "emailed-candidate@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var admin = await site.AdminAsync();
        admin.DefaultRequestHeaders.Host = "attacker.example";

        await admin.InviteAsync(site, email, kent, Roles.Candidate);

        var invitation = Assert.Single(await site.EmailsToAsync(email));
        Assert.StartsWith("https://accreditation.example.gov.uk/account/invitation", invitation.Link, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", invitation.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kent", invitation.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_asked_for_with_a_forged_host_header_still_links_to_the_configured_address()
    {
        const string email = "reset-candidate@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        await site.PersonAsync(email, kent, Roles.Candidate);
        var client = site.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Host = "attacker.example";

        await client.PostFormAsync("/account/forgot-password", new Dictionary<string, string> { ["Email"] = email });

        var reset = Assert.Single(await site.EmailsToAsync(email));
        Assert.StartsWith("https://accreditation.example.gov.uk/account/reset-password?", reset.Link, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_link_stops_working_72_hours_after_it_was_made()
    {
        const string email = "late-candidate@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var link = await (await site.AdminAsync()).InviteAsync(site, email, kent, Roles.Candidate);

        site.Clock.Advance(TimeSpan.FromHours(71) + TimeSpan.FromMinutes(59));
        var justInTime = await site.CreateBrowserLikeClient().GetAsync(link);
        site.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await site.CreateBrowserLikeClient().GetAsync(link);
        var (_, tooLate) = await site.AcceptAsync(link);

        Assert.Equal(HttpStatusCode.OK, justInTime.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("This invitation has expired", (await expired.ReadPageAsync()).QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Gone, tooLate.StatusCode);
        Assert.Null(await site.FindAsync(email));
    }

    [Fact]
    public async Task A_tampered_or_cut_short_invitation_link_is_refused_with_a_page_saying_so()
    {
        const string email = "tampered@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var link = await (await site.AdminAsync()).InviteAsync(site, email, kent, Roles.Candidate);
        var last = link[^1];
        var tampered = link[..^1] + (last == 'A' ? 'B' : 'A');
        var cutShort = link[..^5];

        foreach (var bad in new[] { tampered, cutShort, "/account/invitation", "/account/invitation?token=%3Cscript%3E" })
        {
            var response = await site.CreateBrowserLikeClient().GetAsync(bad);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("This invitation link is not valid", (await response.ReadPageAsync()).QuerySelector("h1")?.TextContent.Trim());
        }

        var (_, posted) = await site.AcceptAsync(tampered);
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Null(await site.FindAsync(email));
        Assert.Contains(await site.AuditAsync("invitation.refused"), a => a.Details == "unknown");
    }

    [Fact]
    public async Task A_refused_password_is_shown_next_to_the_field_and_leaves_the_link_usable()
    {
        const string email = "weak-password@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var link = await (await site.AdminAsync()).InviteAsync(site, email, kent, Roles.Candidate);

        var (_, refused) = await site.AcceptAsync(link, "Pat Weak", "short");
        var (_, accepted) = await site.AcceptAsync(link, "Pat Strong");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least 12 characters", (await refused.ReadPageAsync()).QuerySelector("#Password-error")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("/account/two-factor/setup", accepted.Headers.Location?.OriginalString);
        Assert.Equal("Pat Strong", (await site.FindAsync(email))!.DisplayName);
    }

    [Fact]
    public async Task An_invitee_whose_role_needs_two_factor_sets_it_up_before_anything_else()
    {
        const string email = "new-assessor@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        var link = await (await site.AdminAsync()).InviteAsync(site, email, kent, Roles.Assessor);

        var (browser, accepted) = await site.AcceptAsync(link, "Alex Marker");

        Assert.Equal("/account/two-factor/setup", accepted.Headers.Location?.OriginalString);
        Assert.Equal("/account/two-factor/setup", (await browser.GetAsync("/")).Headers.Location?.OriginalString);
        Assert.Equal([Roles.Assessor], await site.RolesAsync(email));
    }

    [Fact]
    public async Task An_invitation_that_cannot_be_sent_names_each_problem_next_to_its_field_and_sends_nothing()
    {
        const string taken = "already-here@kent.example.gov.uk";
        var kent = await site.OrganisationAsync("E10000016", "Kent", Core.Identity.EnglishRegion.SouthEast);
        await site.PersonAsync(taken, kent, Roles.Candidate);
        var admin = await site.AdminAsync();

        var empty = await (await admin.PostFieldsAsync("/admin/people/invite", [new("Email", " ")])).ReadPageAsync();
        var refused = await admin.PostFieldsAsync("/admin/people/invite", [new("Email", " " + taken), new("OrganisationId", Guid.NewGuid().ToString())]);
        var page = await refused.ReadPageAsync();

        Assert.Equal(
            ["Enter the email address of the person to invite", "Select the organisation they will belong to", "Select at least one role"],
            FieldErrors(empty));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(
            ["There is already an account with this email address", "Select the organisation they will belong to", "Select at least one role"],
            FieldErrors(page));
        Assert.Equal(["#Email", "#OrganisationId", "#Roles"], page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).Order(StringComparer.Ordinal));
        Assert.Empty(await site.EmailsToAsync(taken));
    }

    // The message shown next to each of the form's fields, in the form's order.
    private static List<string?> FieldErrors(AngleSharp.Html.Dom.IHtmlDocument page) =>
        new[] { "Email", "OrganisationId", "Roles" }.Select(id => page.QuerySelector($"#{id}-error")?.TextContent.Replace("Error:", "", StringComparison.Ordinal).Trim()).ToList();
}
