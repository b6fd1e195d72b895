using System.Net;
using Accreditation.Testing;

namespace Accreditation.Portfolios.Tests.Support;

/// <summary>Steps of the candidate's journey that several tests need.</summary>
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

    /// <summary>Asks for endorsement and returns the link's path (/endorse/...).</summary>
    public static async Task<string> RequestEndorsementAsync(HttpClient client, Guid portfolio, string name = "Sam Manager", string email = "sam.manager@example.gov.uk")
    {
        var url = $"/portfolio/{portfolio}/endorsement";
        var response = await client.PostFormAsync(url, new Dictionary<string, string>
        {
            ["EndorserName"] = name,
            ["EndorserEmail"] = email,
            ["EndorserRole"] = "Line manager",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetDocumentAsync(url);
        var link = page.QuerySelector("#endorsement-link")!.GetAttribute("value")!;
        return new Uri(link).PathAndQuery;
    }

    /// <summary>The endorser answers through the link (a fresh, signed-out browser).</summary>
    public static async Task<HttpResponseMessage> AnswerAsync(PortfoliosSite site, string link, string decision, string text)
    {
        var endorser = site.CreateBrowserLikeClient();
        var page = await endorser.GetDocumentAsync(link);

        // A refused link shows no form: take a token from another page, as an attacker replaying a post would.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]") is null
            ? (await endorser.GetDocumentAsync("/account/sign-in")).AntiforgeryToken()
            : page.AntiforgeryToken();
        return await endorser.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Decision"] = decision,
            [decision == "Endorse" ? "ReadinessStatement" : "DeclineReasons"] = text,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>Evidences everything, gets the endorsement and submits; returns the submission id.</summary>
    public static async Task<Guid> SubmitCompletePortfolioAsync(this PortfoliosSite site, HttpClient client, Guid portfolio)
    {
        await site.EvidenceEveryStatementAsync(client, portfolio);
        var link = await RequestEndorsementAsync(client, portfolio);
        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(site, link, "Endorse", "Ready: leads practice well.")).StatusCode);
        var submitted = await client.PostFormAsync($"/portfolio/{portfolio}/check", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        return Guid.Parse(submitted.Headers.Location!.OriginalString.Split('/').Last());
    }
}
