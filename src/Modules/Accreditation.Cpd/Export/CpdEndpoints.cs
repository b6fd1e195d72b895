using System.Security.Claims;
using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Files;
using Accreditation.Core.Web;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Cpd.Export;

/// <summary>Downloads of a person's own CPD: attachments, a year as CSV or JSON, every year as a ZIP.</summary>
public static class CpdEndpoints
{
    /// <summary>Maps the download endpoints (each only for the signed-in owner; anything else is 404).</summary>
    public static void MapCpdDownloads(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/cpd").RequireAuthorization()
            .AddEndpointFilter(async (context, next) => context.HttpContext.User.HasPermission(Permissions.RecordCpd)
                ? await next(context)
                : Results.StatusCode(StatusCodes.Status403Forbidden));
        group.MapGet("/records/{id:guid}/files/{fileId:guid}", FileAsync);
        group.MapGet("/years/{year}/export.csv", (string year, HttpContext http, CpdRecords records, IAuditTrail audit, CancellationToken ct) => YearAsync(year, "csv", http, records, audit, ct));
        group.MapGet("/years/{year}/export.json", (string year, HttpContext http, CpdRecords records, IAuditTrail audit, CancellationToken ct) => YearAsync(year, "json", http, records, audit, ct));
        group.MapGet("/export.zip", ZipAsync);
    }

    /// <summary>What the person is told when an attachment is missing from the file store.</summary>
    public const string MissingAttachment = "We cannot find this attachment in our storage. If you still have the file, remove the attachment from your record and attach it again. If you need help, contact support and quote the reference below.";

    private static string Owner(HttpContext http) => http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static async Task<IResult> FileAsync(Guid id, Guid fileId, HttpContext http, AccreditationDbContext db, CpdFileStore files, CancellationToken ct)
    {
        var owner = Owner(http);
        var file = await db.Set<CpdAttachment>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == fileId && a.RecordId == id && db.Set<CpdRecord>().Any(r => r.Id == id && r.OwnerId == owner), ct);
        if (file is null)
        {
            return Results.NotFound();
        }

        if (files.Open(file.Id) is not { } stream)
        {
            return MissingFile.Result(http, files, file.Id, MissingAttachment);
        }

        PrivateDownload.SetHeaders(http, file.FileName);
        return Results.Stream(stream, file.ContentType);
    }

    private static async Task<IResult> YearAsync(string label, string format, HttpContext http, CpdRecords records, IAuditTrail audit, CancellationToken ct)
    {
        if (!RegistrationYear.TryParse(label, out var year))
        {
            return Results.NotFound();
        }

        var exported = CpdExport.Year(year, await records.YearAsync(Owner(http), year, ct));
        await audit.RecordAsync("cpd.exported", "CpdYear", year.Label, format, ct);
        PrivateDownload.SetHeaders(http, $"cpd-{year.Label}.{format}");
        return format == "csv"
            ? Results.Bytes(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(CpdExport.ToCsv(exported))).ToArray(), "text/csv; charset=utf-8")
            : Results.Bytes(Encoding.UTF8.GetBytes(CpdExport.ToJson(exported)), "application/json; charset=utf-8");
    }

    private static async Task<IResult> ZipAsync(HttpContext http, CpdRecords records, IAuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var owner = Owner(http);
        var years = new List<ExportedYear>();
        foreach (var year in (await records.YearsWithRecordsAsync(owner, ct)).OrderBy(y => y.Starts))
        {
            years.Add(CpdExport.Year(year, await records.YearAsync(owner, year, ct)));
        }

        var buffer = new MemoryStream();
        CpdExport.WriteZip(years, buffer);
        buffer.Position = 0;
        await audit.RecordAsync("cpd.exported", "CpdYear", "all", "zip", ct);
        PrivateDownload.SetHeaders(http, $"cpd-record-{UkCalendar.Today(clock):yyyy-MM-dd}.zip");
        return Results.Stream(buffer, "application/zip");
    }
}
