using System.Buffers.Binary;
using System.Net;
using System.Text;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Media;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Accreditation.Publishing.Tests;

/// <summary>The media library: the evidence upload checks, alternative text, metadata stripped, widths served, and no deletion while in use.</summary>
public sealed class MediaTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    /// <summary>A PNG picture of the size with a text chunk naming its author, as cameras and editors write them.</summary>
    private static byte[] Png(int width, int height, string author = "Jane Smith")
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(0x1d, 0x70, 0xb8));
        using var image = SKImage.FromBitmap(bitmap);
        var png = image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var data = Encoding.Latin1.GetBytes("Author\0" + author);
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), System.IO.Hashing.Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png.AsSpan(0, 33), .. chunk, .. png.AsSpan(33)]; // after the signature and the header chunk
    }

    private Task<(Guid? Id, string? Field, string? Error)> UploadAsync(string name, byte[] content, string? text) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<MediaLibrary>().UploadAsync(name, content, text, null));

    private static async Task<HttpResponseMessage> PostUploadAsync(HttpClient client, string name, byte[] content, string text)
    {
        var form = await client.GetDocumentAsync("/admin/media");
        using var body = new MultipartFormDataContent
        {
            { new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken" },
            { new StringContent(text), "Text" },
            { new ByteArrayContent(content), "Upload", name },
        };
        return await client.PostAsync("/admin/media", body);
    }

    [Fact]
    public async Task A_picture_needs_alternative_text_and_a_file_that_is_not_a_picture_is_refused_whatever_its_name()
    {
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();

        var noAlt = await PostUploadAsync(admin, "chart.png", Png(400, 300), "  ");
        var renamed = await PostUploadAsync(admin, "photo.png", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "A photo");
        var script = await UploadAsync("guidance.pdf", Encoding.UTF8.GetBytes("#!/bin/sh\nrm -rf /"), "Guidance");

        var noAltPage = Accreditation.Testing.Pages.Parse(await noAlt.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, noAlt.StatusCode);
        Assert.Equal("#Text", noAltPage.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Contains("alternative text", noAltPage.QuerySelector("#Text-error")!.TextContent, StringComparison.Ordinal);
        var renamedPage = Accreditation.Testing.Pages.Parse(await renamed.Content.ReadAsStringAsync());
        Assert.Equal("#Upload", renamedPage.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Null(script.Id);
        Assert.Equal("File", script.Field);
        Assert.Empty(await site.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>().Set<MediaFile>().Where(m => m.Text == "A photo" || m.Text == "Guidance").ToList())));
    }

    [Fact]
    public async Task An_uploaded_picture_loses_its_metadata_and_is_served_at_smaller_widths()
    {
        var original = Png(1200, 800, "Jane Smith of Camden");
        Assert.Contains("Jane Smith", Encoding.Latin1.GetString(original), StringComparison.Ordinal);
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();

        var uploaded = await PostUploadAsync(admin, "team.png", original, "The assessment team at a workshop");
        var id = Guid.Parse(uploaded.Headers.Location!.OriginalString.Split('/')[^1]);
        var visitor = site.CreateBrowserLikeClient();
        var full = await visitor.GetAsync($"/media/{id}");
        var medium = await visitor.GetByteArrayAsync($"/media/{id}?w=500");
        var small = await visitor.GetByteArrayAsync($"/media/{id}?w=100");

        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Equal("image/png", full.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", full.Headers.GetValues("X-Content-Type-Options").Single());
        var bytes = await full.Content.ReadAsByteArrayAsync();
        Assert.DoesNotContain("Jane Smith", Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(1200, SKBitmap.Decode(bytes).Width);
        Assert.Equal((640, 427), (SKBitmap.Decode(medium).Width, SKBitmap.Decode(medium).Height));
        Assert.Equal(320, SKBitmap.Decode(small).Width);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/media/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_file_whose_bytes_are_missing_is_not_available_and_a_missing_smaller_copy_falls_back_to_the_original()
    {
        var (id, _, error) = await UploadAsync("diagram.png", Png(800, 600), "A diagram of the marking stages");
        Assert.Null(error);
        var variant = await site.WithScopeAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            sp.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>().Set<MediaVariant>().Where(v => v.MediaFileId == id && v.Width == 640)));
        var visitor = site.CreateBrowserLikeClient();

        site.RemoveStoredBytes("media", variant.Id);
        var fallback = await visitor.GetAsync($"/media/{id}?w=500");
        Assert.Equal(HttpStatusCode.OK, fallback.StatusCode);
        Assert.Equal(800, SKBitmap.Decode(await fallback.Content.ReadAsByteArrayAsync()).Width);

        var name = site.RemoveStoredBytes("media", id!.Value);
        var missing = await visitor.GetAsync($"/media/{id}");

        await site.AssertFileNotAvailableAsync(missing, MediaEndpoints.WhatToDo, name);
    }

    [Fact]
    public async Task A_file_used_by_a_page_shows_where_and_is_deleted_only_once_nothing_uses_it()
    {
        var (id, _, error) = await UploadAsync("diagram.png", Png(200, 100), "How a portfolio moves through marking");
        Assert.Null(error);
        var author = await site.NewPublisherAsync();
        var body = $"![How a portfolio moves through marking](/media/{id}?w=640)";
        var draft = new PublicationDraft(PublicationKind.Page, "Marking diagram " + Guid.NewGuid().ToString("N")[..6], "", body, "", "", AudienceKind.Public, null, null, false);
        var page = (await site.WorkflowAsync(w => w.CreateAsync(draft, author))).Id!.Value;
        var admin = site.CreateBrowserLikeClient();
        await admin.SignInAsAdminAsync();

        var file = await admin.GetDocumentAsync($"/admin/media/{id}");
        var refused = await admin.PostFormAsync("/admin/media", new Dictionary<string, string>(), $"/admin/media/{id}");
        var item = await site.ItemAsync(page);
        await site.WorkflowAsync(w => w.EditAsync(page, item.Version, draft with { Title = item.Title, Body = "No picture now." }, author));
        var deleted = await admin.PostFormAsync($"/admin/media/{id}", new Dictionary<string, string>());

        Assert.Equal($"/admin/publishing/{page}", file.QuerySelector("#uses a")!.GetAttribute("href"));
        Assert.Null(file.QuerySelector("button#Delete"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await site.CreateBrowserLikeClient().GetAsync($"/media/{id}")).StatusCode);
    }
}
