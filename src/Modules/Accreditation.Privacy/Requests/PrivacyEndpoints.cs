using System.Security.Claims;
using Accreditation.Core.Dates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Accreditation.Privacy.Requests;

/// <summary>The download of a prepared copy: only to the person who asked for it, only while it lasts, always audited.</summary>
public static class PrivacyEndpoints
{
    /// <summary>Maps the download.</summary>
    public static void MapPrivacyDownloads(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/privacy/requests/{id:guid}/download", DownloadAsync).RequireAuthorization();

    private static async Task<IResult> DownloadAsync(Guid id, HttpContext http, PrivacyRequests requests, CancellationToken ct)
    {
        var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null || await requests.OpenCopyAsync(id, userId, ct) is not { } copy)
        {
            return Results.NotFound();
        }

        var name = $"personal-data-{UkCalendar.Local(copy.Request.CompletedAt ?? copy.Request.ReceivedAt):yyyy-MM-dd}.zip";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = name }.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Stream(copy.File, "application/zip");
    }
}
