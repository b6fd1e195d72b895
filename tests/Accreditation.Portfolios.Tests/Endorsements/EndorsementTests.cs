using System.Net;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Endorsements;

/// <summary>The endorser follows a signed, expiring link to a read-only copy and endorses or declines.</summary>
public sealed class EndorsementTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task The_endorser_reads_the_portfolio_through_the_link_and_the_view_is_audited()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "A reflective account the endorser reads.");
        var link = await Journeys.RequestEndorsementAsync(client, portfolio);

        var response = await site.CreateBrowserLikeClient().GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("A reflective account the endorser reads.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main textarea[name=Body], main a[href*='/items/']"));
        Assert.True(response.Headers.CacheControl!.NoStore);
        var audited = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .CountAsync(a => a.Action == "portfolio.viewed" && a.RecordId == portfolio.ToString() && a.Details!.Contains("sam.manager@example.gov.uk")));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task The_endorser_is_emailed_the_link_in_the_same_transaction_as_the_request()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var email = $"line.manager.{Guid.NewGuid():N}@example.gov.uk";

        var link = await Journeys.RequestEndorsementAsync(client, portfolio, "Lee Manager", email);

        var queued = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Notifications.Outbox.OutboxEmail>()
            .Where(m => m.RecipientAddresses.Contains(email)).ToListAsync());
        var message = Assert.Single(queued);
        Assert.StartsWith("/endorse/", link, StringComparison.Ordinal);
        var emailed = System.Text.RegularExpressions.Regex.Match(message.TextBody, @"https?://\S+/endorse/\S+");
        Assert.True(emailed.Success, "The email carries no endorsement link.");
        var opened = await site.CreateBrowserLikeClient().GetAsync(new Uri(emailed.Value).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode); // the emailed link opens the read-only portfolio
        Assert.Contains("endorse", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Dear Lee Manager", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_link_is_refused_with_a_clear_page()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var link = await Journeys.RequestEndorsementAsync(client, portfolio);
        var token = link["/endorse/".Length..];
        var tampered = "/endorse/" + token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];
        var before = await site.PortfolioTablesAsync();

        var read = await site.CreateBrowserLikeClient().GetAsync(tampered);
        var answer = await Journeys.AnswerAsync(site, tampered, "Endorse", "Forged endorsement");
        var made = await site.CreateBrowserLikeClient().GetAsync("/endorse/not-a-token-at-all");

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("This link does not work", (await read.ReadPageAsync()).QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, made.StatusCode);
        Assert.True(answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"answered {(int)answer.StatusCode}");
        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));
    }

    [Fact]
    public async Task An_expired_link_is_refused_once_the_clock_passes_14_days()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var link = await Journeys.RequestEndorsementAsync(client, portfolio);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().GetAsync(link)).StatusCode);

        site.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        var read = await site.CreateBrowserLikeClient().GetAsync(link);

        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.Equal("This link has expired", (await read.ReadPageAsync()).QuerySelector("h1")!.TextContent.Trim());
        var answer = await Journeys.AnswerAsync(site, link, "Endorse", "Too late");
        Assert.Equal(HttpStatusCode.Gone, answer.StatusCode);
        var status = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Data.Endorsement>().Where(e => e.EnrolmentId == portfolio).Select(e => e.Status).SingleAsync());
        Assert.Equal(Data.EndorsementStatus.Requested, status);
    }

    [Fact]
    public async Task A_replaced_request_link_stops_working()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var first = await Journeys.RequestEndorsementAsync(client, portfolio);
        var second = await Journeys.RequestEndorsementAsync(client, portfolio, "Pat Principal", "pat@example.gov.uk");

        Assert.Equal(HttpStatusCode.Gone, (await site.CreateBrowserLikeClient().GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await site.CreateBrowserLikeClient().GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task Decline_reasons_reach_the_candidate()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var link = await Journeys.RequestEndorsementAsync(client, portfolio);

        var empty = await Journeys.AnswerAsync(site, link, "Decline", "");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Enter your reasons, so the candidate knows what to work on", (await empty.ReadPageAsync()).ErrorSummary());

        var declined = await Journeys.AnswerAsync(site, link, "Decline", "Needs more evidence of leading audits across teams.");
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.Equal("Needs more evidence of leading audits across teams.", page.QuerySelector("#decline-reasons")!.TextContent.Trim());
        Assert.StartsWith("Declined on", page.QuerySelector("#endorsement-status")!.TextContent.Trim(), StringComparison.Ordinal);
        var taskList = await client.GetDocumentAsync($"/portfolio/{portfolio}");
        Assert.Equal("Declined", taskList.QuerySelector("#endorsement-status")!.TextContent.Trim());

        // The endorser's link now shows the answer, and cannot change it.
        var again = await site.CreateBrowserLikeClient().GetDocumentAsync(link);
        Assert.Contains("You declined to endorse this candidate", again.QuerySelector("#endorsement-outcome")!.TextContent, StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("main form"));
    }

    [Fact]
    public async Task An_endorsement_needs_a_statement_of_readiness_and_is_shown_to_the_candidate()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var link = await Journeys.RequestEndorsementAsync(client, portfolio);

        Assert.Contains("Enter your statement of the candidate's readiness", (await (await Journeys.AnswerAsync(site, link, "Endorse", " ")).ReadPageAsync()).ErrorSummary());
        Assert.Equal(HttpStatusCode.Redirect, (await Journeys.AnswerAsync(site, link, "Endorse", "Ready.")).StatusCode);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.StartsWith("Endorsed on", page.QuerySelector("#endorsement-status")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#endorsement-link"));
    }

    [Fact]
    public async Task The_candidate_is_told_what_is_wrong_with_the_request_form()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();

        var response = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string> { ["EndorserEmail"] = "not an email" });

        var errors = (await response.ReadPageAsync()).ErrorSummary();
        Assert.Equal(
            ["Enter an email address in the correct format, like name@example.gov.uk", "Enter your endorser's full name", "Select your endorser's role"],
            errors.Order(StringComparer.Ordinal));
    }
}
