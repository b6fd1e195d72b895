using System.Net;
using System.Text;
using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Accreditation.Marking.Tests.Certificates;

/// <summary>Certificates: the public verification page, revocation by an admin, and an Open Badges credential that verifies against the published key.</summary>
public sealed class CertificateTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    private async Task<(Seeded Submission, Award Award, HttpClient Candidate)> AccreditedAsync()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid(), candidateName: "Amara Okafor");
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 2, 3]);
        var caseId = (await site.CaseOfAsync(submission.SubmissionId)).Id;
        var result = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Marking.Release.DecisionRelease>().ReleaseAsync([caseId], "lead", CancellationToken.None));
        Assert.Single(result.Released);
        var award = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.CaseId == caseId));
        return (submission, award, await site.CandidateClientAsync(submission.CandidateEmail));
    }

    [Fact]
    public async Task The_public_verification_page_shows_the_award_and_then_that_it_was_revoked()
    {
        var (_, award, candidate) = await AccreditedAsync();
        var code = Awards.Display(award.VerificationCode);
        var visitor = site.CreateBrowserLikeClient();

        var page = await visitor.GetDocumentAsync($"/verify/{code}");
        Assert.Equal("Accredited", page.QuerySelector("#status .govuk-tag")!.TextContent.Trim());
        Assert.Equal("Amara Okafor", page.QuerySelector("#holder")!.TextContent.Trim());
        Assert.Equal("Marking test programme", page.QuerySelector("#programme")!.TextContent.Trim());
        Assert.Equal("Knowledge and skills statement for practice leaders, version 1", page.QuerySelector("#framework")!.TextContent.Trim());
        Assert.DoesNotContain("practice-leader", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("2 November 2026", page.QuerySelector("#awarded")!.TextContent.Trim());
        Assert.Equal("1 November 2029", page.QuerySelector("#valid-until")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/verify/AAAA-BBBB-CCCC")).StatusCode);

        var certificate = await candidate.GetDocumentAsync($"/certificates/{code}");
        Assert.Equal(code, certificate.QuerySelector("#verification-code")!.TextContent.Trim());
        Assert.Equal("Amara Okafor", certificate.QuerySelector("#holder")!.TextContent.Trim());
        Assert.Equal("Knowledge and skills statement for practice leaders", certificate.QuerySelector("#framework")!.TextContent.Trim());

        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();
        var refused = await admin.PostFormAsync("/admin/certificates", new Dictionary<string, string> { ["AwardId"] = award.Id.ToString(), ["Reason"] = " " }, "/admin/certificates?handler=Revoke");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Give the reason for revoking the certificate", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var revoked = await admin.PostFormAsync("/admin/certificates", new Dictionary<string, string> { ["AwardId"] = award.Id.ToString(), ["Reason"] = "Obtained with evidence that was not the holder's own." }, "/admin/certificates?handler=Revoke");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        page = await visitor.GetDocumentAsync($"/verify/{code}");
        Assert.Equal("Revoked", page.QuerySelector("#status .govuk-tag")!.TextContent.Trim());
        var awards = await site.WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Core.Contracts.IAccreditationAwards>().AwardsOfAsync(award.HolderId));
        Assert.NotNull(Assert.Single(awards).RevokedAt);
        Assert.True(await RevokedInStatusListAsync(visitor, award.StatusListIndex));
    }

    [Fact]
    public async Task The_open_badges_credential_verifies_against_the_published_key_and_fails_when_altered()
    {
        var (submission, award, candidate) = await AccreditedAsync();
        var code = Awards.Display(award.VerificationCode);

        var download = await candidate.GetAsync($"/certificates/{code}/credential");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vc+jwt", download.Content.Headers.ContentType?.MediaType);
        var jwt = await download.Content.ReadAsStringAsync();
        var jwks = new JsonWebKeySet(await site.CreateClient().GetStringAsync(CredentialEndpoints.JwksPath));
        var handler = new JsonWebTokenHandler();
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        };

        var valid = await handler.ValidateTokenAsync(jwt, parameters);
        Assert.True(valid.IsValid, valid.Exception?.Message);
        var token = (JsonWebToken)valid.SecurityToken;
        Assert.Equal("vc+jwt", token.Typ);
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement;
        Assert.Contains("OpenBadgeCredential", payload.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("https://www.w3.org/ns/credentials/v2", payload.GetProperty("@context")[0].GetString());
        Assert.Equal("Amara Okafor", payload.GetProperty("credentialSubject").GetProperty("name").GetString());
        Assert.Equal("Marking test programme", payload.GetProperty("credentialSubject").GetProperty("achievement").GetProperty("name").GetString());
        var status = payload.GetProperty("credentialStatus");
        Assert.Equal("BitstringStatusListEntry", status.GetProperty("type").GetString());
        Assert.Equal("revocation", status.GetProperty("statusPurpose").GetString());
        Assert.Equal(award.StatusListIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), status.GetProperty("statusListIndex").GetString());
        Assert.EndsWith("/credentials/status/1", status.GetProperty("statusListCredential").GetString(), StringComparison.Ordinal);

        // Altered: the holder's name changed in the payload, the signature kept.
        var parts = jwt.Split('.');
        var altered = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("Amara Okafor", "Someone Else", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode(altered)}.{parts[2]}";
        Assert.False((await handler.ValidateTokenAsync(forged, parameters)).IsValid);

        // Signed with another key: refused too.
        Assert.False((await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new ECDsaSecurityKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256)),
            ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false,
        })).IsValid);

        // Only the holder downloads it.
        var other = await site.SubmissionAsync(Guid.NewGuid());
        var stranger = await site.CandidateClientAsync(other.CandidateEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/certificates/{code}/credential")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/certificates/{code}")).StatusCode);
        Assert.False(await RevokedInStatusListAsync(site.CreateBrowserLikeClient(), award.StatusListIndex));
        Assert.NotNull(submission);
    }

    [Fact]
    public async Task A_forged_host_never_reaches_the_decision_email_the_credential_its_status_list_the_issuer_or_the_certificate()
    {
        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid(), candidateName: "Jo Forged");
        await site.AllocateAsync();
        await site.MarkWithServicesAsync(submission.SubmissionId, MarkingRole.First, [3, 3, 3, 3, 2, 3]);
        var caseId = (await site.CaseOfAsync(submission.SubmissionId)).Id;
        var lead = await site.AssessorAsync(Guid.NewGuid(), Accreditation.Core.Security.Roles.LeadAssessor);
        var leadClient = (await site.SignedInAsync(lead.Email)).WithForgedHost();
        Assert.Equal(HttpStatusCode.Redirect, (await leadClient.PostFormAsync("/marking/lead/release", new Dictionary<string, string> { ["Selected"] = caseId.ToString() })).StatusCode);

        var email = Assert.Single(await site.EmailsToAsync(submission.CandidateEmail));
        ForgedHost.AssertOnlyOn(MarkingSite.Address, email.TextBody, atLeast: 2);
        Assert.Contains($"{MarkingSite.Address}/results/{caseId}", email.TextBody, StringComparison.Ordinal);

        var award = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.CaseId == caseId));
        var code = Awards.Display(award.VerificationCode);
        var candidate = (await site.CandidateClientAsync(submission.CandidateEmail)).WithForgedHost();
        var credential = ForgedHost.DecodeJwt(await candidate.GetStringAsync($"/certificates/{code}/credential"));
        ForgedHost.AssertOnlyOn(MarkingSite.Address, credential, atLeast: 5, "https://www.w3.org/", "https://purl.imsglobal.org/");
        Assert.Contains($"\"statusListCredential\":\"{MarkingSite.Address}/credentials/status/1\"", credential, StringComparison.Ordinal);
        Assert.Contains($"\"iss\":\"{MarkingSite.Address}/credentials/issuer\"", credential, StringComparison.Ordinal);
        ForgedHost.AssertOnlyOn(MarkingSite.Address, await candidate.GetStringAsync($"/certificates/{code}"), atLeast: 1, "https://www.w3.org/", "http://www.w3.org/");

        var visitor = site.CreateClient();
        var statusList = ForgedHost.DecodeJwt(await (await visitor.SendAsync(ForgedHost.Get("/credentials/status/1"))).Content.ReadAsStringAsync());
        ForgedHost.AssertOnlyOn(MarkingSite.Address, statusList, atLeast: 3, "https://www.w3.org/");
        Assert.Contains($"\"iss\":\"{MarkingSite.Address}/credentials/issuer\"", statusList, StringComparison.Ordinal);
        var issuer = await (await visitor.SendAsync(ForgedHost.Get("/credentials/issuer"))).Content.ReadAsStringAsync();
        ForgedHost.AssertOnlyOn(MarkingSite.Address, issuer, atLeast: 3, "https://www.w3.org/", "https://purl.imsglobal.org/");
    }

    /// <summary>Reads the signed status list and the award's bit (verifying the list's signature with the published key).</summary>
    private async Task<bool> RevokedInStatusListAsync(HttpClient client, int index)
    {
        var jwt = await client.GetStringAsync("/credentials/status/1");
        var jwks = new JsonWebKeySet(await client.GetStringAsync(CredentialEndpoints.JwksPath));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters { IssuerSigningKeys = jwks.GetSigningKeys(), ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false });
        Assert.True(result.IsValid);
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload)).RootElement;
        var encoded = payload.GetProperty("credentialSubject").GetProperty("encodedList").GetString()!;
        Assert.StartsWith("u", encoded, StringComparison.Ordinal);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(Base64UrlEncoder.DecodeBytes(encoded[1..])), System.IO.Compression.CompressionMode.Decompress);
        using var bits = new MemoryStream();
        await gzip.CopyToAsync(bits);
        var bytes = bits.ToArray();
        Assert.Equal(OpenBadges.StatusListBits / 8, bytes.Length);
        return (bytes[index / 8] & (0x80 >> (index % 8))) != 0;
    }
}
