using System.Security.Claims;
using Accreditation.Core.Dates;
using Accreditation.Core.Files;
using Accreditation.Core.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Accreditation.Privacy.Requests;

/// <summary>The download of a prepared copy: only to the person who asked for it, only while it lasts, always audited.</summary>
public static class PrivacyEndpoints
{
    /// <summary>What the person is told when their prepared copy is missing from the file store.</summary>
    public const string WhatToDo = "We cannot find this copy of the data in our storage. Ask for a new copy from the same page: it will be prepared again. If you need help, contact support and quote the reference below.";

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

        if (copy.File is not { } file)
        {
            return MissingFile.Result(http, requests.Copies.Area, PrivacyRequests.CopyName(copy.Request), WhatToDo);
        }

        var name = $"personal-data-{UkCalendar.Local(copy.Request.CompletedAt ?? copy.Request.ReceivedAt):yyyy-MM-dd}.zip";
        PrivateDownload.SetHeaders(http, name);
        return Results.Stream(file, "application/zip");
    }
}
