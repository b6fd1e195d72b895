using Accreditation.Core.Files;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Accreditation.Publishing.Media;

/// <summary>Serves the media library's files at /media/{id}, a picture at a width with ?w=640; stored files never change.</summary>
public static class MediaEndpoints
{
    /// <summary>Maps GET /media/{id}.</summary>
    public static void MapMedia(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/media/{id:guid}", ServeAsync).AllowAnonymous();

    /// <summary>What a visitor is told when a media file is missing from the file store.</summary>
    public const string WhatToDo = "We cannot find this file in our storage. If you look after the site's media, upload the file again and use it in place of this one. Otherwise, try again later.";

    private static async Task<IResult> ServeAsync(Guid id, int? w, HttpContext http, MediaLibrary media, CancellationToken ct)
    {
        if (await media.OpenAsync(id, w, ct) is not var (file, stored))
        {
            return Results.NotFound();
        }

        if (stored is not { } content)
        {
            return MissingFile.Result(http, media.Area, FileArea.NameOf(id), WhatToDo);
        }

        var name = PublishingWorkflow.Slugify(file.Text) is { Length: > 0 } slug ? $"{slug}.{file.Extension}" : $"file.{file.Extension}";
        return new Served(content, file, name);
    }

    // A stored file with headers that keep it what it is: never sniffed into something else, cached for good (a new
    // version is a new file), documents downloaded rather than opened in the page.
    private sealed class Served(Stream content, MediaFile file, string name) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            if (file.Kind == MediaKind.Document)
            {
                http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name }.ToString();
            }

            await Results.Stream(content, file.ContentType).ExecuteAsync(http);
        }
    }
}
