using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Web;
using Accreditation.Core.Identity;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Export;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Evidence;

/// <summary>Downloads: a portfolio's files (to its candidate, or to its endorser while a question is open to them) and the export ZIP.</summary>
public static class PortfolioEndpoints
{
    /// <summary>Maps the download endpoints.</summary>
    public static void MapPortfolioDownloads(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/portfolio/{id:guid}/files/{fileId:guid}", CandidateFileAsync).RequireAuthorization();
        endpoints.MapGet("/portfolio/{id:guid}/export", ExportAsync).RequireAuthorization();
        endpoints.MapGet("/endorsements/{id:guid}/files/{fileId:guid}", EndorserFileAsync).RequireAuthorization(Permissions.EndorsePolicy);
    }

    private static async Task<IResult> CandidateFileAsync(Guid id, Guid fileId, HttpContext http, CandidatePortfolio portfolios, AccreditationDbContext db, PortfolioFileStore files, CancellationToken ct)
    {
        var portfolio = await portfolios.ForCandidateAsync(id, http.User, ct);
        if (portfolio is null)
        {
            return Results.NotFound();
        }

        var file = await db.Set<PortfolioFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.EnrolmentId == id, ct);
        return Serve(http, file, files, CandidateWhatToDo);
    }

    private static async Task<IResult> EndorserFileAsync(Guid id, Guid fileId, HttpContext http, EndorsementRequests requests, AccreditationDbContext db, PortfolioFileStore files, IAuditTrail audit, CancellationToken ct)
    {
        // The same rule as the endorser's page: their own request, still open to them, from a sign-in with a second factor.
        var view = await requests.ForEndorserAsync(id, http.User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (view is not { CanRead: true } || !SignInMethods.UsedSecondFactor(http.User))
        {
            return Results.NotFound();
        }

        var file = await db.Set<PortfolioFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.EnrolmentId == view.Endorsement.EnrolmentId, ct);
        if (file is not null)
        {
            await audit.RecordAsync("portfolio.file-viewed", "Portfolio", view.Endorsement.EnrolmentId.ToString(), $"by endorser {view.Endorsement.EndorserId}, file {file.Id}", ct);
        }

        return Serve(http, file, files, EndorserWhatToDo);
    }

    private static async Task<IResult> ExportAsync(Guid id, HttpContext http, CandidatePortfolio portfolios, PortfolioSubmission submissions, PortfolioExport export, IPeopleDirectory people, TimeProvider clock, IAuditTrail audit, CancellationToken ct)
    {
        var portfolio = await portfolios.ForCandidateAsync(id, http.User, ct);
        if (portfolio is null)
        {
            return Results.NotFound();
        }

        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var name = userId is null ? "" : (await people.FindAnyAsync(userId, ct))?.DisplayName ?? "";
        var document = PortfolioDocuments.From(portfolio, await submissions.CurrentEndorsementAsync(id, ct), clock.GetUtcNow());

        // Written to a temporary file first: a portfolio with many documents is too big to hold in memory per request.
        var temporary = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await export.WriteAsync(document, name, temporary, ct);
            temporary.Position = 0;
        }
        catch
        {
            await temporary.DisposeAsync();
            throw;
        }

        await audit.RecordAsync("portfolio.exported", "Portfolio", id.ToString(), ct: ct);
        PrivateDownload.SetHeaders(http, PortfolioExport.FileNameFor(document));
        return Results.Stream(temporary, "application/zip");
    }

    /// <summary>What the candidate is told when a file of theirs is missing from the file store.</summary>
    public const string CandidateWhatToDo = "We cannot find this file in our storage. If you still have it, remove it from your evidence and upload it again. If you need help, contact support and quote the reference below.";

    /// <summary>What an endorser is told when a file is missing from the file store.</summary>
    public const string EndorserWhatToDo = "We cannot find this file in our storage. Ask the candidate to upload it again, or contact support and quote the reference below.";

    private static IResult Serve(HttpContext http, PortfolioFile? file, PortfolioFileStore files, string whatToDo)
    {
        // A file removed under the retention schedule keeps its record but is gone on purpose: not found, nothing to warn about.
        if (file is null || file.RemovedAt is not null)
        {
            return Results.NotFound();
        }

        if (files.Open(file.Id) is not { } stream)
        {
            return MissingFile.Result(http, files, file.Id, whatToDo);
        }

        PrivateDownload.SetHeaders(http, file.FileName);
        return Results.Stream(stream, file.ContentType);
    }
}
