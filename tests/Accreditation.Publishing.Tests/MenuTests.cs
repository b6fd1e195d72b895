using System.Net;
using System.Security.Claims;
using Accreditation.Core.Forms;
using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Menus;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using CoreMenus = Accreditation.Core.Navigation.Menus;

namespace Accreditation.Publishing.Tests;

/// <summary>Menus edited by admins: shown in the header and footer to the people they are for, beside the modules' own entries.</summary>
public sealed class MenuTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private Task<List<FormError>> SaveAsync(MenuLinkDraft draft, Guid? id = null) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<SiteMenus>().SaveAsync(id, draft));

    private static async Task<List<string>> NavigationAsync(HttpClient client) =>
        (await client.GetDocumentAsync("/")).QuerySelectorAll(".govuk-service-navigation__link").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task A_menu_link_for_a_role_is_shown_in_the_header_only_to_people_with_that_role()
    {
        var label = "Mark " + Guid.NewGuid().ToString("N")[..6];
        Assert.Empty(await SaveAsync(new MenuLinkDraft(SiteMenuNames.Main, label, null, "/marking/profile", AudienceKind.Roles, [Roles.Assessor])));
        var assessor = PublishingSiteExtensions.NewAddress("assessor");
        await site.CreatePersonAsync(assessor, [Roles.Assessor]);
        var candidate = PublishingSiteExtensions.NewAddress("candidate");
        await site.CreatePersonAsync(candidate, [Roles.Candidate]);

        var anonymous = await NavigationAsync(site.CreateBrowserLikeClient());
        var asAssessor = await NavigationAsync(await site.SignedInClientAsync(assessor));
        var asCandidate = await NavigationAsync(await site.SignedInClientAsync(candidate));

        Assert.DoesNotContain(label, anonymous);
        Assert.DoesNotContain(label, asCandidate);
        Assert.Contains(label, asAssessor);
        // The candidate's own areas are still offered first, and nobody is shown more than six entries.
        Assert.Equal("Your portfolio", asCandidate[0]);
        Assert.All(new[] { anonymous, asAssessor, asCandidate }, n => Assert.True(n.Count <= CoreMenus.MaxNavigationItems));
    }

    [Fact]
    public async Task Menu_links_follow_an_edit_here_at_once_another_nodes_within_seconds_and_any_other_change_within_their_lifetime()
    {
        var label = "Cached " + Guid.NewGuid().ToString("N")[..6];
        Assert.Empty(await SaveAsync(new MenuLinkDraft(SiteMenuNames.Footer, label, null, "/updates", AudienceKind.Public, null)));
        var client = site.CreateBrowserLikeClient();
        async Task<string> FooterAsync() => (await client.GetDocumentAsync("/")).QuerySelector(".govuk-footer")!.TextContent;

        // An edit through the service shows on the next page.
        Assert.Contains(label, await FooterAsync());

        // An edit saved by another node announces itself in the database: this node follows within seconds, long before
        // the kept links are too old. (Other tests share the site, so only the showing is asserted, never the keeping.)
        var announced = label + " announced";
        await RenameAsync(label, announced, announce: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!(await FooterAsync()).Contains(announced, StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Contains(announced, await FooterAsync());

        // A change nobody announced (made straight in the database) shows once the kept links are too old.
        var renamed = label + " renamed";
        await RenameAsync(announced, renamed, announce: false);
        site.Clock.Advance(MenuLinksCache.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Contains(renamed, await FooterAsync());
    }

    private Task RenameAsync(string from, string to, bool announce) => site.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
        db.Set<MenuItem>().Single(m => m.Label == from).Label = to;
        if (announce)
        {
            db.Announce(MenuLinksCache.Topic);
        }

        await db.SaveChangesAsync();
    });

    [Fact]
    public void Edited_links_come_after_the_persons_own_entries_and_the_admin_entry_is_kept_within_six()
    {
        var menus = site.Services.GetRequiredService<CoreMenus>();
        var admin = new ClaimsPrincipal(new ClaimsIdentity(
            new[] { new Claim(ClaimTypes.Role, Roles.Candidate), new Claim(ClaimTypes.Role, Roles.PlatformAdmin) }
                .Concat(new Permissions().All.Select(p => new Claim(PlatformClaims.Permission, p.Name)))
                .Concat(new[] { Accreditation.Portfolios.Permissions.BuildPortfolio, Accreditation.Cpd.Permissions.RecordCpd }.Select(p => new Claim(PlatformClaims.Permission, p))), "test"));
        var edited = Enumerable.Range(1, 8).Select(i => new MenuLink($"Link {i}", $"/pages/link-{i}")).Append(new MenuLink("Updates again", "/updates")).ToList();

        var without = menus.NavigationFor(admin);
        var with = menus.NavigationFor(admin, edited);

        Assert.Equal(CoreMenus.MaxNavigationItems, with.Count);
        Assert.Equal("Admin", with[^1].Text);
        var own = without.TakeWhile(i => !i.Public && !i.Admin).ToList();
        Assert.Equal(own.Select(i => i.Url), with.Take(own.Count).Select(i => i.Url));
        Assert.Equal("Link 1", with[own.Count].Text);
        Assert.Single(with, i => i.Admin);
    }

    [Fact]
    public async Task The_setup_recipe_seeds_the_menus_and_the_footer_comes_from_them()
    {
        var home = await site.CreateBrowserLikeClient().GetDocumentAsync("/");

        var footer = home.QuerySelectorAll(".govuk-footer__link").Select(a => a.GetAttribute("href")).ToList();
        var navigation = home.QuerySelectorAll(".govuk-service-navigation__link").Select(a => a.GetAttribute("href")).ToList();

        Assert.Contains("/pages/privacy-notice", footer);
        Assert.Contains("/pages/accessibility", footer);
        Assert.Contains("/pages/cookies", footer);
        Assert.Contains("/pages/how-accreditation-works", navigation);
    }

    [Fact]
    public async Task The_menu_form_shows_what_is_wrong_next_to_each_field_and_saves_a_good_link()
    {
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();

        var bad = await admin.PostFormAsync("/admin/menus/edit", new Dictionary<string, string>
        {
            ["Menu"] = SiteMenuNames.Footer, ["Label"] = "", ["Address"] = "javascript:alert(1)", ["Audience"] = "Roles",
        });
        var badPage = Accreditation.Testing.Pages.Parse(await bad.Content.ReadAsStringAsync());
        var label = "Contact " + Guid.NewGuid().ToString("N")[..6];
        var good = await admin.PostFormAsync("/admin/menus/edit", new Dictionary<string, string>
        {
            ["Menu"] = SiteMenuNames.Footer, ["Label"] = label, ["Address"] = "mailto:team@example.gov.uk", ["Audience"] = "Public",
        });

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var errors = badPage.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("#Label", errors);
        Assert.Contains("#Address", errors);
        Assert.Contains("#Roles", errors);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var footer = (await site.CreateBrowserLikeClient().GetDocumentAsync("/")).QuerySelectorAll(".govuk-footer__link").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains((label, "mailto:team@example.gov.uk"), footer);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/menus")).StatusCode);
    }
}
