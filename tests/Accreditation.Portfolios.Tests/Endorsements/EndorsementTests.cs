using System.Globalization;
using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Endorsements;

/// <summary>
/// Endorsement by a verified person of the candidate's own authority: chosen from its endorsers, never oneself or anyone
/// outside it, answered only after signing in with a second factor, bound to the portfolio's content, readable only while
/// a question is open to the endorser; organisation admins reassign; the old bearer links lead nowhere.
/// </summary>
public sealed class EndorsementTests(PortfoliosSite site) : IClassFixture<PortfoliosSite>
{
    [Fact]
    public async Task The_candidate_chooses_among_the_endorsers_of_their_own_authority_and_the_endorser_is_emailed_a_link_that_needs_sign_in()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var organisation = await site.OrganisationOfAsync(portfolio);
        var (endorserId, endorserEmail) = await site.EndorserAsync(organisation, "Lee Manager");
        var (elsewhereId, _) = await site.EndorserAsync(Guid.NewGuid(), "Elsewhere Endorser");
        var (colleagueId, _) = await site.EndorserAsync(organisation, "Colleague Candidate", roles: [Roles.Candidate]);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        var offered = page.QuerySelectorAll("input[name=EndorserId]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal([endorserId], offered);
        Assert.DoesNotContain(elsewhereId, offered);
        Assert.DoesNotContain(colleagueId, offered);

        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);

        var message = Assert.Single(await site.EmailsToAsync(endorserEmail));
        Assert.Contains("asks you to endorse", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Dear Lee Manager", message.TextBody, StringComparison.Ordinal);
        Assert.Equal($"/endorsements/{endorsement}", new Uri(message.Link!).PathAndQuery);
        var anonymous = await site.CreateBrowserLikeClient().GetAsync(new Uri(message.Link!).PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Target(), StringComparison.Ordinal);
        var candidatePage = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.Empty(candidatePage.QuerySelectorAll("#endorsement-link, main input[readonly]"));
        Assert.DoesNotContain("/endorse/", candidatePage.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("/endorsements/", candidatePage.QuerySelector("main")!.InnerHtml, StringComparison.Ordinal);
        Assert.Equal("Lee Manager (Line manager)", candidatePage.QuerySelector("#endorser")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_forged_request_naming_the_candidate_themself_is_refused_with_a_clear_message()
    {
        // The candidate also holds the Endorser role in their authority: they are still never offered nor accepted.
        var organisation = Guid.NewGuid();
        var (candidateId, candidateEmail) = await site.EndorserAsync(organisation, "Self Endorser", roles: [Roles.Candidate, Roles.Endorser]);
        var client = await site.SignedInAsync(candidateEmail);
        var enrolled = await client.PostFormAsync($"/portfolio/enrol/{await site.WindowAsync()}", new Dictionary<string, string> { ["Adjustments"] = "" });
        var portfolio = Guid.Parse(enrolled.Target().Split('/').Last());
        await site.EndorserAsync(organisation, "Real Manager");
        var offered = (await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement")).QuerySelectorAll("input[name=EndorserId]").Select(i => i.GetAttribute("value")).ToList();
        var before = await site.PortfolioTablesAsync();

        var response = await Journeys.PostEndorsementRequestAsync(client, portfolio, candidateId);

        Assert.DoesNotContain(candidateId, offered);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["You cannot endorse your own portfolio. Choose your line manager or principal social worker from the list"], (await response.ReadPageAsync()).ErrorSummary());
        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));
    }

    [Fact]
    public async Task A_forged_request_naming_a_person_of_another_authority_or_without_the_endorser_role_is_refused()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var organisation = await site.OrganisationOfAsync(portfolio);
        var (elsewhere, elsewhereEmail) = await site.EndorserAsync(Guid.NewGuid(), "Other Authority Endorser");
        var (colleague, colleagueEmail) = await site.EndorserAsync(organisation, "Colleague Without Role", roles: [Roles.Candidate]);
        var (admin, _) = await site.EndorserAsync(organisation, "Their Admin", roles: [Roles.OrganisationAdmin]);
        var before = await site.PortfolioTablesAsync();

        foreach (var forged in new[] { elsewhere, colleague, admin, "not-a-person" })
        {
            var response = await Journeys.PostEndorsementRequestAsync(client, portfolio, forged);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var errors = (await response.ReadPageAsync()).ErrorSummary();
            Assert.Equal([$"Choose someone from the list: only endorsers of Test organisation {organisation:N} can endorse your portfolio"], errors);
        }

        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));
        Assert.Empty(await site.EmailsToAsync(elsewhereEmail));
        Assert.Empty(await site.EmailsToAsync(colleagueEmail));
        Assert.Empty(site.UnexpectedServerProblems());
    }

    [Fact]
    public async Task An_old_bearer_link_without_sign_in_shows_a_clear_page_and_gives_no_access()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Private words an old link must not reveal.");
        var upload = await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("Private file text."), "notes.pdf", title: "Notes");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var fileId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().Where(f => f.EnrolmentId == portfolio).Select(f => f.Id).SingleAsync());

        // A request made before endorsers had to sign in, and the signed link that was sent for it.
        var (token, legacy) = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var endorsement = new Endorsement
            {
                Id = Guid.NewGuid(), EnrolmentId = portfolio, EndorserName = "Self", EndorserEmail = "self@example.gov.uk", EndorserRole = "Line manager",
                Status = EndorsementStatus.Requested, RequestedAt = now,
            };
            db.Add(endorsement);
            await db.SaveChangesAsync();
            var nonce = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var protector = sp.GetRequiredService<IDataProtectionProvider>().CreateProtector("Accreditation.Portfolios.EndorsementLink.v1");
            return (protector.Protect(string.Join('|', "e1", endorsement.Id.ToString("N"), nonce, now.AddDays(14).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))), endorsement.Id);
        });
        var before = await site.PortfolioTablesAsync();
        var visitor = site.CreateBrowserLikeClient();

        var read = await visitor.GetAsync($"/endorse/{token}");
        var file = await visitor.GetAsync($"/endorse/{token}/files/{fileId}");
        var answer = await visitor.PostAsync($"/endorse/{token}", new FormUrlEncodedContent(new Dictionary<string, string> { ["Decision"] = "Endorse", ["ReadinessStatement"] = "Self-endorsed." }));

        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        var page = await read.ReadPageAsync();
        Assert.Equal("Endorsement links no longer work", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Contains("sign in to the service with two-factor authentication", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        foreach (var response in new[] { read, file, answer })
        {
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Private words", body, StringComparison.Ordinal);
            Assert.DoesNotContain("%PDF", body, StringComparison.Ordinal);
        }

        Assert.Empty(DatabaseSnapshot.Differences(before, await site.PortfolioTablesAsync()));

        // The candidate is told the link no longer counts, and the request cannot be submitted on.
        var candidatePage = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.NotNull(candidatePage.QuerySelector("#link-no-longer-accepted"));
        var submit = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Contains("Your endorsement was asked for by a link, which no longer counts: choose your endorser from your organisation and ask again", (await submit.ReadPageAsync()).ErrorSummary());
        Assert.NotEqual(Guid.Empty, legacy);
    }

    [Fact]
    public async Task An_endorser_whose_sign_in_did_not_use_a_second_factor_sees_nothing_and_cannot_endorse()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Words only a verified endorser may read.");
        var organisation = await site.OrganisationOfAsync(portfolio);
        var endorserEmail = $"endorser-{Guid.NewGuid():N}@example.gov.uk";
        var endorserId = await site.CreatePersonAsync(endorserEmail, [Roles.Endorser], u =>
        {
            u.OrganisationId = organisation;
            u.DisplayName = "Sam Manager";
        }, PortfoliosSite.Password, twoFactor: false);
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);

        // A new endorser signs in with a password, is made to set up an authenticator app, and carries on in the same session.
        var endorser = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await endorser.SignInWithPasswordAsync(endorserEmail, PortfoliosSite.Password)).StatusCode);
        Assert.Equal("/account/two-factor/setup", (await endorser.GetAsync($"/endorsements/{endorsement}")).Target());
        var key = (await endorser.GetDocumentAsync("/account/two-factor/setup")).QuerySelector("#authenticator-key")!.TextContent;
        var enabled = await endorser.PostFormAsync("/account/two-factor/setup", new Dictionary<string, string> { ["Code"] = TwoFactor.CodeFor(key) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);

        var page = await endorser.GetAsync($"/endorsements/{endorsement}");
        var answer = await Journeys.AnswerAsync(endorser, endorsement, "Endorse", "Ready.");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Words only a verified endorser may read.", html, StringComparison.Ordinal);
        Assert.NotNull((await page.ReadPageAsync()).QuerySelector("#second-factor-needed"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(
            "To read and endorse a candidate's portfolio you must sign in with your password and the code from your authenticator app. Sign out, then sign in again",
            (await answer.ReadPageAsync()).ErrorSummary());
        Assert.Equal(EndorsementStatus.Requested, await StatusOfAsync(endorsement));
    }

    [Fact]
    public async Task The_endorser_reads_the_portfolio_after_signing_in_with_two_factor_and_the_view_is_audited()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "A reflective account the endorser reads.");
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var stranger = await site.SignedInAsync((await site.EndorserAsync(await site.OrganisationOfAsync(portfolio), "Another Endorser")).Email);

        var response = await (await site.SignedInAsync(endorserEmail)).GetAsync($"/endorsements/{endorsement}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Contains("A reflective account the endorser reads.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main textarea[name=Body], main a[href*='/items/']"));
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/endorsements/{endorsement}")).StatusCode);
        var audited = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries
            .CountAsync(a => a.Action == "portfolio.viewed" && a.RecordId == portfolio.ToString() && a.Details!.Contains(endorserId)));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task The_second_factor_is_remembered_when_the_session_is_checked_again_minutes_later()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Words read after the session was checked again.");
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var endorser = await site.SignedInAsync(endorserEmail);

        // Identity rebuilds the session from the database every five minutes (the security-stamp check).
        site.Clock.Advance(TimeSpan.FromMinutes(6));
        var page = await endorser.GetAsync($"/endorsements/{endorsement}");

        Assert.Contains("Words read after the session was checked again.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await Journeys.AnswerAsync(endorser, endorsement, "Endorse", "Ready.")).StatusCode);
        Assert.Equal(EndorsementStatus.Endorsed, await StatusOfAsync(endorsement));
    }

    [Theory]
    [InlineData("Endorse", "Ready: leads practice well.")]
    [InlineData("Decline", "Needs more evidence of leading audits across teams.")]
    public async Task Read_access_ends_when_the_endorser_decides(string decision, string text)
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Text readable only until the answer.");
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("File readable only until the answer."), "notes.pdf", title: "Notes")).StatusCode);
        var fileId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().Where(f => f.EnrolmentId == portfolio).Select(f => f.Id).SingleAsync());
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var endorser = await site.SignedInAsync(endorserEmail);
        Assert.Equal(HttpStatusCode.OK, (await endorser.GetAsync($"/endorsements/{endorsement}/files/{fileId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await Journeys.AnswerAsync(endorser, endorsement, decision, text)).StatusCode);

        var page = await endorser.GetAsync($"/endorsements/{endorsement}");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("Text readable only until the answer.", html, StringComparison.Ordinal);
        Assert.Contains(decision == "Endorse" ? "You endorsed this candidate" : "You declined to endorse this candidate", (await page.ReadPageAsync()).QuerySelector("#endorsement-outcome")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await page.ReadPageAsync()).QuerySelector("main form"));
        Assert.Equal(HttpStatusCode.NotFound, (await endorser.GetAsync($"/endorsements/{endorsement}/files/{fileId}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await endorser.GetAsync($"/portfolio/{portfolio}")).StatusCode);

        var again = await Journeys.AnswerAsync(endorser, endorsement, decision == "Endorse" ? "Decline" : "Endorse", "Changed my mind.");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(decision == "Endorse" ? EndorsementStatus.Endorsed : EndorsementStatus.Declined, await StatusOfAsync(endorsement));

        var candidatePage = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.StartsWith(decision == "Endorse" ? "Endorsed on" : "Declined on", candidatePage.QuerySelector("#endorsement-status")!.TextContent.Trim(), StringComparison.Ordinal);
        if (decision == "Decline")
        {
            Assert.Equal(text, candidatePage.QuerySelector("#decline-reasons")!.TextContent.Trim());
            Assert.Equal("Declined", (await client.GetDocumentAsync($"/portfolio/{portfolio}")).QuerySelector("#endorsement-status")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task A_change_after_endorsement_is_shown_to_the_endorser_and_blocks_submission_until_they_confirm()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var item = await site.EvidenceEveryStatementAsync(client, portfolio, "What I endorsed first.");
        var (endorser, endorsement) = await site.EndorsedAsync(client, portfolio);

        // Saving without a change keeps the endorsement; changing the text does not.
        var statements = await site.StatementsAsync();
        var rationales = statements.ToDictionary(s => s.Number, s => $"How this shows statement {s.Number}");
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.SaveItemAsync(client, portfolio, item, "What I endorsed first.", rationales)).StatusCode);
        Assert.Equal("Endorsed", (await client.GetDocumentAsync($"/portfolio/{portfolio}")).QuerySelector("#endorsement-status")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.SaveItemAsync(client, portfolio, item, "What I wrote after the endorsement.", rationales)).StatusCode);

        var blocked = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Contains("Your portfolio has changed since Sam Manager endorsed it: they must confirm their endorsement before you can submit", (await blocked.ReadPageAsync()).ErrorSummary());
        Assert.False(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Submission>().AnyAsync(s => s.EnrolmentId == portfolio)));

        var waiting = await endorser.GetDocumentAsync("/endorsements");
        Assert.Contains("confirm your endorsement", waiting.QuerySelector("#waiting")!.TextContent, StringComparison.Ordinal);
        var page = await endorser.GetDocumentAsync($"/endorsements/{endorsement}");
        var changes = page.QuerySelector("#changes")!;
        Assert.Contains("Leading the supervision redesign: Text changed", changes.TextContent.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("What I endorsed first.", changes.TextContent, StringComparison.Ordinal);
        Assert.Contains("What I wrote after the endorsement.", changes.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Journeys.AnswerAsync(endorser, endorsement, "Confirm", "")).StatusCode);

        var submitted = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Null((await endorser.GetDocumentAsync($"/endorsements/{endorsement}")).QuerySelector("#changes"));
        var confirmed = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.CountAsync(a => a.Action == "endorsement.confirmed" && a.RecordId == endorsement.ToString()));
        Assert.Equal(1, confirmed);
    }

    [Fact]
    public async Task A_change_made_while_the_endorser_reads_must_be_read_before_the_answer_counts()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var item = await site.EvidenceEveryStatementAsync(client, portfolio, "First version.");
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var endorser = await site.SignedInAsync(endorserEmail);
        var page = await endorser.GetDocumentAsync($"/endorsements/{endorsement}");
        var statements = await site.StatementsAsync();
        await PortfoliosSite.SaveItemAsync(client, portfolio, item, "Second version, not read.", statements.ToDictionary(s => s.Number, s => $"How this shows statement {s.Number}"));

        var answer = await endorser.PostAsync($"/endorsements/{endorsement}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Decision"] = "Endorse",
            ["ReadinessStatement"] = "Ready.",
            ["ContentHash"] = page.QuerySelector("input[name=ContentHash]")!.GetAttribute("value")!,
            ["__RequestVerificationToken"] = page.AntiforgeryToken(),
        }));

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Contains("The candidate changed their portfolio while you were reading it", (await answer.ReadPageAsync()).ErrorSummary().Single(), StringComparison.Ordinal);
        Assert.Equal(EndorsementStatus.Requested, await StatusOfAsync(endorsement));
    }

    [Fact]
    public async Task The_organisation_admin_sees_pending_endorsements_of_their_authority_and_reassigns_one()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Text the first endorser loses.");
        var organisation = await site.OrganisationOfAsync(portfolio);
        var (firstId, firstEmail) = await site.EndorserAsync(organisation, "Away Manager");
        var (secondId, secondEmail) = await site.EndorserAsync(organisation, "Cover Manager");
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, firstId);
        var first = await site.SignedInAsync(firstEmail);
        Assert.Contains("Text the first endorser loses.", await first.GetStringAsync($"/endorsements/{endorsement}"), StringComparison.Ordinal);
        var (otherClient, otherPortfolio) = await site.CandidateWithPortfolioAsync();
        var (otherEndorser, _) = await site.EndorserAsync(await site.OrganisationOfAsync(otherPortfolio), "Other Authority Manager");
        var otherRequest = await site.RequestEndorsementAsync(otherClient, otherPortfolio, otherEndorser);
        var admin = await site.SignedInAsync((await site.EndorserAsync(organisation, "Authority Admin", roles: [Roles.OrganisationAdmin])).Email);

        var list = await admin.GetDocumentAsync("/organisation/endorsements");
        var rows = list.QuerySelectorAll("#pending tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Away Manager", StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("Other Authority Manager", StringComparison.Ordinal));
        Assert.DoesNotContain("Text the first endorser loses.", list.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/organisation/endorsements/{otherRequest}/reassign")).StatusCode);

        var url = $"/organisation/endorsements/{endorsement}/reassign";
        var offered = (await admin.GetDocumentAsync(url)).QuerySelectorAll("input[name=EndorserId]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal([secondId], offered);
        var toTheCandidate = await admin.PostFormAsync(url, new Dictionary<string, string> { ["EndorserId"] = await CandidateIdAsync(portfolio) });
        Assert.Equal(["Candidates cannot endorse their own portfolio. Choose someone else from the list"], (await toTheCandidate.ReadPageAsync()).ErrorSummary());
        var reassigned = await admin.PostFormAsync(url, new Dictionary<string, string> { ["EndorserId"] = secondId });

        Assert.Equal(HttpStatusCode.Redirect, reassigned.StatusCode);
        Assert.Equal(EndorsementStatus.Withdrawn, await StatusOfAsync(endorsement));
        var firstPage = await first.GetAsync($"/endorsements/{endorsement}");
        Assert.DoesNotContain("Text the first endorser loses.", await firstPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull((await firstPage.ReadPageAsync()).QuerySelector("#withdrawn"));
        var newRequest = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Endorsement>().SingleAsync(e => e.EnrolmentId == portfolio && e.EndorserId == secondId));
        Assert.Equal(EndorsementStatus.Requested, newRequest.Status);
        Assert.Equal($"/endorsements/{newRequest.Id}", new Uri(Assert.Single(await site.EmailsToAsync(secondEmail)).Link!).PathAndQuery);
        Assert.Contains("Text the first endorser loses.", await (await site.SignedInAsync(secondEmail)).GetStringAsync($"/endorsements/{newRequest.Id}"), StringComparison.Ordinal);
        Assert.Equal(1, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.CountAsync(a => a.Action == "endorsement.reassigned" && a.RecordId == endorsement.ToString())));
    }

    [Fact]
    public async Task An_endorsement_needs_a_statement_of_readiness_and_is_shown_to_the_candidate()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var endorser = await site.SignedInAsync(endorserEmail);

        Assert.Contains("Enter your statement of the candidate's readiness", (await (await Journeys.AnswerAsync(endorser, endorsement, "Endorse", " ")).ReadPageAsync()).ErrorSummary());
        Assert.Contains("Enter your reasons, so the candidate knows what to work on", (await (await Journeys.AnswerAsync(endorser, endorsement, "Decline", "")).ReadPageAsync()).ErrorSummary());
        Assert.Equal(HttpStatusCode.Redirect, (await Journeys.AnswerAsync(endorser, endorsement, "Endorse", "Ready.")).StatusCode);

        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.StartsWith("Endorsed on", page.QuerySelector("#endorsement-status")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#request-form"));
        Assert.Contains(await site.EmailsToAsync(await CandidateEmailAsync(portfolio)), m => m.Subject == "Your portfolio has been endorsed");
    }

    [Fact]
    public async Task The_candidate_is_told_what_is_wrong_with_the_request_form()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));

        var nobody = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string>());

        Assert.Equal(["Select who you want to endorse your portfolio"], (await nobody.ReadPageAsync()).ErrorSummary());
        var (endorserId, _) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var noRole = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string> { ["EndorserId"] = endorserId, ["EndorserRole"] = "Best friend" });
        Assert.Equal(["Select how your endorser knows your practice"], (await noRole.ReadPageAsync()).ErrorSummary());
    }

    [Fact]
    public async Task A_candidate_whose_authority_has_no_endorser_asks_its_admin_by_email()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        var organisation = await site.OrganisationOfAsync(portfolio);
        var page = await client.GetDocumentAsync($"/portfolio/{portfolio}/endorsement");
        Assert.NotNull(page.QuerySelector("#no-endorsers"));
        var none = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string>(), $"/portfolio/{portfolio}/endorsement?handler=AskAdmin");
        Assert.Contains("Your organisation has no admin on this service yet", (await none.ReadPageAsync()).ErrorSummary().Single(), StringComparison.Ordinal);
        var (_, adminEmail) = await site.EndorserAsync(organisation, "Authority Admin", roles: [Roles.OrganisationAdmin]);

        var asked = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string> { ["Note"] = "Please add <b>Jo Lead</b>, my team manager." }, $"/portfolio/{portfolio}/endorsement?handler=AskAdmin");
        var again = await client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string> { ["Note"] = "Again" }, $"/portfolio/{portfolio}/endorsement?handler=AskAdmin");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var message = Assert.Single(await site.EmailsToAsync(adminEmail));
        Assert.Contains("needs an endorser", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Please add <b>Jo Lead</b>, my team manager.", message.TextBody, StringComparison.Ordinal);
        Assert.EndsWith("/admin/people/invite", message.Link!, StringComparison.Ordinal);
        Assert.Contains("already asked", (await again.ReadPageAsync()).ErrorSummary().Single(), StringComparison.Ordinal);
    }

    private Task<EndorsementStatus> StatusOfAsync(Guid endorsement) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Endorsement>().Where(e => e.Id == endorsement).Select(e => e.Status).SingleAsync());

    private Task<string> CandidateIdAsync(Guid portfolio) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().Where(e => e.Id == portfolio).Select(e => e.CandidateId).SingleAsync());

    private async Task<string> CandidateEmailAsync(Guid portfolio)
    {
        var id = await CandidateIdAsync(portfolio);
        return await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.Where(u => u.Id == id).Select(u => u.Email!).SingleAsync());
    }

    [Fact]
    public async Task A_file_missing_from_storage_is_not_available_to_the_endorser_with_what_to_do()
    {
        var (client, portfolio) = await site.CandidateWithPortfolioAsync();
        await site.EvidenceEveryStatementAsync(client, portfolio, "Text with a file that goes missing.");
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(client, portfolio, TestFiles.Pdf("Missing for the endorser."), "notes.pdf", title: "Notes")).StatusCode);
        var fileId = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().Where(f => f.EnrolmentId == portfolio).Select(f => f.Id).SingleAsync());
        var (endorserId, endorserEmail) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(client, portfolio, endorserId);
        var endorser = await site.SignedInAsync(endorserEmail);

        var name = site.RemoveStoredBytes("portfolio-files", fileId);
        var download = await endorser.GetAsync($"/endorsements/{endorsement}/files/{fileId}");

        await site.AssertFileNotAvailableAsync(download, global::Accreditation.Portfolios.Evidence.PortfolioEndpoints.EndorserWhatToDo, name);
    }
}
