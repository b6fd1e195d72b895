using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Access;

/// <summary>Only the candidate reaches their portfolio; everyone else gets 403 or 404 for every portfolio address.</summary>
public sealed class AccessTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    private static readonly Guid Organisation = Guid.Parse("1b2c3d4e-0000-4000-8000-000000000001");

    private async Task<(HttpClient Owner, Guid Portfolio, List<string> Urls)> PortfolioWithEverythingAsync()
    {
        var (owner, portfolio) = await site.CandidateWithPortfolioAsync(Organisation, "Extra time, please.");
        var statements = await site.StatementsAsync();
        var item = await site.EvidenceEveryStatementAsync(owner, portfolio, "Private reflective text.");
        var upload = await PortfoliosSite.UploadAsync(owner, portfolio, TestFiles.Pdf(), "private.pdf", statements[0].Id, "Private PDF");
        var documentItem = Guid.Parse(upload.Target().Split('/').Last());
        var fileId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Data.EvidenceItem>().Where(i => i.Id == documentItem).Select(i => i.FileId!.Value).SingleAsync());
        var submission = await site.SubmitCompletePortfolioAsync(owner, portfolio);
        var url = $"/portfolio/{portfolio}";
        return (owner, portfolio,
        [
            url,
            $"{url}/statements/{statements[0].Id}",
            $"{url}/items/{item}",
            $"{url}/items/{item}/history",
            $"{url}/items/{documentItem}",
            $"{url}/items/{documentItem}/remove",
            $"{url}/files/{fileId}",
            $"{url}/export",
            $"{url}/upload",
            $"{url}/privacy",
            $"{url}/endorsement",
            $"{url}/check",
            $"{url}/adjustments",
            $"{url}/submitted/{submission}",
        ]);
    }

    [Fact]
    public async Task Another_candidate_an_organisation_admin_and_an_assessor_get_403_or_404_for_every_portfolio_url()
    {
        var (owner, _, urls) = await PortfolioWithEverythingAsync();
        var others = new Dictionary<string, HttpClient>
        {
            ["another candidate"] = await site.PersonAsync(Roles.Candidate, Organisation),
            ["organisation admin"] = await site.PersonAsync(Roles.OrganisationAdmin, Organisation),
            ["assessor"] = await site.PersonAsync(Roles.Assessor),
            ["lead assessor"] = await site.PersonAsync(Roles.LeadAssessor),
            ["endorser of the authority"] = await site.PersonAsync(Roles.Endorser, Organisation),
        };

        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);
            foreach (var (who, client) in others)
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{who} got {(int)response.StatusCode} for {url}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Private reflective text.", body, StringComparison.Ordinal);
                Assert.DoesNotContain("%PDF", body, StringComparison.Ordinal);
            }

            var visitor = await site.CreateBrowserLikeClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
            Assert.StartsWith("/account/sign-in", visitor.Target(), StringComparison.Ordinal);
        }

        Assert.True(site.UnexpectedServerProblems().Count == 0, string.Join("\n", site.UnexpectedServerProblems()));
    }

    [Fact]
    public async Task Posts_to_another_candidates_portfolio_change_nothing()
    {
        var (_, portfolio, urls) = await PortfolioWithEverythingAsync();
        var intruder = await site.PersonAsync(Roles.Candidate);
        var token = (await intruder.GetDocumentAsync("/portfolio")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? (await intruder.GetDocumentAsync("/account/change-password")).AntiforgeryToken();
        var before = await site.PortfolioTablesAsync();

        foreach (var url in urls.Where(u => !u.Contains("/files/", StringComparison.Ordinal) && !u.EndsWith("/export", StringComparison.Ordinal)))
        {
            var response = await intruder.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Body"] = "Overwritten",
                ["Title"] = "Overwritten",
                ["Adjustments"] = "Overwritten",
                ["EndorserId"] = "intruder",
                ["EndorserRole"] = "Line manager",
            }));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.MethodNotAllowed, $"POST {url} answered {(int)response.StatusCode}");
        }

        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));
        var refusals = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.CountAsync(a => a.Action == "portfolio.access-refused" && a.RecordId == portfolio.ToString()));
        Assert.True(refusals > 0);
    }

    [Fact]
    public async Task Reasonable_adjustments_are_shown_to_the_lead_assessor_and_never_to_assessors()
    {
        await PortfolioWithEverythingAsync();

        var lead = await (await site.PersonAsync(Roles.LeadAssessor)).GetAsync("/lead/adjustments");
        var assessor = await (await site.PersonAsync(Roles.Assessor)).GetAsync("/lead/adjustments");

        Assert.Equal(HttpStatusCode.OK, lead.StatusCode);
        Assert.Contains("Extra time, please.", await lead.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, assessor.StatusCode);
        Assert.DoesNotContain("Extra time, please.", await assessor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var audited = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AnyAsync(a => a.Action == "adjustments.viewed"));
        Assert.True(audited);
    }

    [Fact]
    public async Task An_organisation_admin_sees_endorsement_status_for_their_authority_but_no_content()
    {
        await PortfolioWithEverythingAsync();
        var other = Guid.NewGuid();
        var (_, elsewhere) = await site.CandidateWithPortfolioAsync(other);

        var admin = await site.PersonAsync(Roles.OrganisationAdmin, Organisation);
        var page = await admin.GetDocumentAsync("/organisation/portfolios");

        var rows = page.QuerySelectorAll("#candidates tbody tr").Select(r => r.TextContent).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains("Endorsed", r, StringComparison.Ordinal));
        Assert.DoesNotContain("Private reflective text.", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Extra time", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main a[href^='/portfolio/']"));
        Assert.Equal(rows.Count, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Data.Enrolment>().CountAsync(e => e.OrganisationId == Organisation)));
        Assert.NotEqual(HttpStatusCode.OK, (await (await site.PersonAsync(Roles.Candidate)).GetAsync("/organisation/portfolios")).StatusCode);
        Assert.NotEqual(Guid.Empty, elsewhere);
    }

    [Fact]
    public async Task Every_form_on_the_portfolio_pages_carries_an_antiforgery_token()
    {
        var (owner, _, urls) = await PortfolioWithEverythingAsync();

        foreach (var url in urls.Where(u => !u.Contains("/files/", StringComparison.Ordinal) && !u.EndsWith("/export", StringComparison.Ordinal)))
        {
            var page = await owner.GetDocumentAsync(url);
            Assert.All(page.QuerySelectorAll("main form[method=post]"), form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }
}
