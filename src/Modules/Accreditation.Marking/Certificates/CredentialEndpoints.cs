using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Web;
using Accreditation.Marking.Data;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Submissions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Marking.Certificates;

/// <summary>
/// The module's endpoints that are not pages: the public key (JWKS), the revocation status list and the issuer profile
/// (public, so anyone can verify a credential), the holder's credential download, and evidence files for their marker.
/// </summary>
public static class CredentialEndpoints
{
    /// <summary>Where the public key is published.</summary>
    public const string JwksPath = "/credentials/jwks.json";

    /// <summary>Maps the endpoints.</summary>
    public static void MapMarkingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(JwksPath, async (CredentialKeys keys, CancellationToken ct) => Results.Json(await keys.JwksAsync(ct), contentType: "application/jwk-set+json"))
            .AllowAnonymous();
        endpoints.MapGet("/credentials/status/{list:int}", async (int list, OpenBadges badges, TimeProvider clock, CancellationToken ct) =>
                list != OpenBadges.StatusList ? Results.NotFound() : Results.Text(await badges.StatusListAsync(clock.GetUtcNow(), ct), "application/vc+jwt"))
            .AllowAnonymous();
        endpoints.MapGet("/credentials/issuer", (SiteSettings site, SiteAddress address) =>
            {
                var root = address.BaseUrl;
                return Results.Json(new Dictionary<string, object>
                {
                    ["@context"] = new[] { "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" },
                    ["id"] = root + "/credentials/issuer",
                    ["type"] = new[] { "Profile" },
                    ["name"] = site.SiteName,
                    ["url"] = root + "/",
                    ["publicKeys"] = root + JwksPath,
                });
            })
            .AllowAnonymous();
        endpoints.MapGet("/certificates/{code}/credential", async (string code, ClaimsPrincipal user, Awards awards, OpenBadges badges, IAuditTrail audit, CancellationToken ct) =>
            {
                var award = await awards.FindByCodeAsync(code, ct);
                if (award is null || award.HolderId != user.FindFirstValue(ClaimTypes.NameIdentifier))
                {
                    return Results.NotFound();
                }

                var jwt = await badges.SignedAsync(award, ct);
                await audit.RecordAsync("award.credential-downloaded", "Award", award.Id.ToString(), ct: ct);
                return Results.File(System.Text.Encoding.ASCII.GetBytes(jwt), "application/vc+jwt", $"open-badge-{award.VerificationCode}.jwt");
            })
            .RequireAuthorization(Permissions.ViewOwnResultsPolicy);
        endpoints.MapGet("/marking/cases/{caseId:guid}/files/{fileId:guid}", async (Guid caseId, Guid fileId, ClaimsPrincipal user, HttpContext http, AccreditationDbContext db, ISubmissionSnapshots snapshots, CancellationToken ct) =>
            {
                var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
                var markingCase = await db.Set<MarkingCase>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId
                    && c.Markings.Any(m => m.AssessorId == userId && m.Status != MarkingStatus.Reallocated && m.Status != MarkingStatus.Allocated && m.Role != MarkingRole.Agreed), ct);
                if (markingCase is null)
                {
                    return Results.NotFound();
                }

                var document = (await snapshots.GetAsync(markingCase.SubmissionId, ct))?.Document;
                var index = document?.Items.Where(i => i.File is not null).Select(i => i.File!.Id).ToList().IndexOf(fileId) ?? -1;
                if (index < 0)
                {
                    return Results.NotFound();
                }

                // The snapshot names the file, so no stream means its bytes are missing from the file store.
                if (await snapshots.OpenFileAsync(markingCase.SubmissionId, fileId, ct) is not { } stream)
                {
                    return MissingFile.Result(http, "portfolio-files", FileArea.NameOf(fileId),
                        "We cannot find this document in our storage. Tell your lead assessor, and quote the reference below when you contact support.");
                }

                // Never the candidate's own file name: the candidate number and the document's place in the portfolio.
                var file = document!.Items.Select(i => i.File).First(f => f?.Id == fileId)!;
                return Results.File(stream, file.ContentType, $"{markingCase.CandidateNumber}-document-{index + 1}{Path.GetExtension(file.Path)}");
            })
            .RequireAuthorization(Permissions.MarkPolicy);
    }

    /// <summary>A neutral label for a document in a snapshot: its place and type, never its name.</summary>
    public static string DocumentLabel(int index, string contentType, long length) =>
        $"Document {index + 1} ({contentType switch { "application/pdf" => "PDF", "image/png" => "PNG image", "image/jpeg" => "JPEG image", _ => "Word document" }}, {Math.Max(1, length / 1024):N0} KB)";
}
