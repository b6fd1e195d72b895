using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Support;

/// <summary>Steps of the candidate's and the endorser's journeys that several tests need.</summary>
public static class Journeys
{
    /// <summary>One reflective account mapped to every statement, with a rationale for each; returns its id.</summary>
    public static async Task<Guid> EvidenceEveryStatementAsync(this PortfoliosSite site, HttpClient client, Guid portfolio, string body = "I led the redesign of our supervision model and reviewed what changed for families.")
    {
        var statements = await site.StatementsAsync();
        var item = await PortfoliosSite.StartItemAsync(client, portfolio, statements[0].Id);
        var response = await PortfoliosSite.SaveItemAsync(client, portfolio, item, body,
            statements.ToDictionary(s => s.Number, s => $"How this shows statement {s.Number}"), title: "Leading the supervision redesign");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return item;
    }

    /// <summary>The organisation the portfolio belongs to.</summary>
    public static Task<Guid> OrganisationOfAsync(this PortfoliosSite site, Guid portfolio) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().Where(e => e.Id == portfolio).Select(e => e.OrganisationId!.Value).SingleAsync());

    /// <summary>A person of the organisation with the Endorser role (or other roles); returns their user id and email.</summary>
    public static async Task<(string Id, string Email)> EndorserAsync(this PortfoliosSite site, Guid organisation, string name = "Sam Manager", string? email = null, IReadOnlyList<string>? roles = null)
    {
        email ??= $"endorser-{Guid.NewGuid():N}@example.gov.uk";
        var id = await site.CreatePersonAsync(email, roles ?? [Roles.Endorser], u =>
        {
            u.OrganisationId = organisation;
            u.DisplayName = name;
        }, PortfoliosSite.Password);
        return (id, email);
    }

    /// <summary>The candidate asks the person (by user id) to endorse; returns the response (a redirect when it was accepted).</summary>
    public static Task<HttpResponseMessage> PostEndorsementRequestAsync(HttpClient client, Guid portfolio, string endorserId, string role = "Line manager") =>
        client.PostFormAsync($"/portfolio/{portfolio}/endorsement", new Dictionary<string, string>
        {
            ["EndorserId"] = endorserId,
            ["EndorserRole"] = role,
        });

    /// <summary>The candidate asks the person to endorse; returns the new request's id.</summary>
    public static async Task<Guid> RequestEndorsementAsync(this PortfoliosSite site, HttpClient client, Guid portfolio, string endorserId, string role = "Line manager")
    {
        var response = await PostEndorsementRequestAsync(client, portfolio, endorserId, role);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Endorsement>()
            .Where(e => e.EnrolmentId == portfolio && e.EndorserId == endorserId && e.Status == EndorsementStatus.Requested).Select(e => e.Id).SingleAsync());
    }

    /// <summary>
    /// The endorser answers on their page ("Endorse", "Confirm" or "Decline" with a statement or reasons), posting back the
    /// content hash the page showed. A page with no form (answered, or no second factor) lends none, as an attacker replaying a post would have.
    /// </summary>
    public static async Task<HttpResponseMessage> AnswerAsync(HttpClient endorser, Guid endorsement, string decision, string text)
    {
        var url = $"/endorsements/{endorsement}";
        var page = await endorser.GetDocumentAsync(url);
        var form = page.QuerySelector("main form[method=post]");
        var fields = new Dictionary<string, string>
        {
            ["Decision"] = decision,
            [decision == "Decline" ? "DeclineReasons" : "ReadinessStatement"] = text,
            ["__RequestVerificationToken"] = form?.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? (await endorser.GetDocumentAsync("/account/sign-out")).AntiforgeryToken(),
        };
        if (form?.QuerySelector("input[name=ContentHash]")?.GetAttribute("value") is { } hash)
        {
            fields["ContentHash"] = hash;
        }

        return await endorser.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>A new endorser of the portfolio's organisation is asked, signs in with two-factor and endorses; returns their client and the request.</summary>
    public static async Task<(HttpClient Endorser, Guid Endorsement)> EndorsedAsync(this PortfoliosSite site, HttpClient candidate, Guid portfolio, string statement = "Ready: leads practice well.")
    {
        var (id, email) = await site.EndorserAsync(await site.OrganisationOfAsync(portfolio));
        var endorsement = await site.RequestEndorsementAsync(candidate, portfolio, id);
        var endorser = await site.SignedInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(endorser, endorsement, "Endorse", statement)).StatusCode);
        return (endorser, endorsement);
    }

    /// <summary>Evidences everything, gets the endorsement and submits; returns the submission id.</summary>
    public static async Task<Guid> SubmitCompletePortfolioAsync(this PortfoliosSite site, HttpClient client, Guid portfolio)
    {
        await site.EvidenceEveryStatementAsync(client, portfolio);
        await site.EndorsedAsync(client, portfolio);
        var submitted = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        return Guid.Parse(submitted.Headers.Location!.OriginalString.Split('/').Last());
    }
}
