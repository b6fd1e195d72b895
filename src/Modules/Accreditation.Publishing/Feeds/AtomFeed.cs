using System.Security.Cryptography;
using System.Text;
using System.Xml;
using Accreditation.Core.Data;
using Accreditation.Core.Web;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Accreditation.Publishing.Feeds;

/// <summary>
/// The Atom feed of public practice updates at /updates/feed.atom, written with XmlWriter. Feed readers ask again and
/// again: the feed carries an ETag (of every part it writes) and Last-Modified, and a reader that already
/// has this version gets 304 Not Modified without the feed being written.
/// </summary>
public static class AtomFeed
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>How many of the newest updates the feed carries (readers keep what they have already fetched).</summary>
    public const int FeedLength = 50;

    /// <summary>Maps GET /updates/feed.atom.</summary>
    public static void MapAtomFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/updates/feed.atom", WriteAsync).AllowAnonymous();

    private static async Task WriteAsync(HttpContext http, AccreditationDbContext db, MarkdownRenderer markdown, SiteSettings site, SiteAddress address, TimeProvider clock)
    {
        var items = (await db.Set<PracticeUpdate>().AsNoTracking()
                .Where(u => u.Kind == PublicationKind.Update && u.Status == PublicationStatus.Published && u.Audience == AudienceKind.Public)
                .OrderByDescending(u => u.PublishedAt).ThenBy(u => u.Id)
                .Take(FeedLength)
                .ToListAsync(http.RequestAborted));
        var baseUrl = address.BaseUrl;
        var updated = items.Count == 0 ? clock.GetUtcNow() : items.Max(Updated);
        var version = Version(items, baseUrl, site.SiteName);
        var response = http.Response.GetTypedHeaders();
        response.ETag = version;
        response.LastModified = updated;
        if (NotModified(http.Request.GetTypedHeaders(), version, updated))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = "application/atom+xml; charset=utf-8";
        // Written to memory first: the response body takes only asynchronous writes.
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            Write(writer, items, baseUrl, updated, site.SiteName, markdown);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    // A weak tag: the same entries with the same words and dates, at the same address and under the same name, from the
    // same build (a new build may render bodies differently). Every part written is in it, so any change is a new tag.
    private static EntityTagHeaderValue Version(List<PracticeUpdate> items, string baseUrl, string siteName)
    {
        var text = new StringBuilder().Append(typeof(AtomFeed).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(baseUrl).Append('\n').Append(siteName);
        foreach (var item in items)
        {
            text.Append('\n').Append(item.Id).Append(' ').Append(Updated(item).UtcTicks).Append(' ').Append(item.PublishedAt?.UtcTicks)
                .Append('\u001f').Append(item.Slug).Append('\u001f').Append(item.Title).Append('\u001f').Append(item.Summary)
                .Append('\u001f').Append(string.Join('\u001e', item.TopicList)).Append('\u001f').Append(item.Body);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return new EntityTagHeaderValue($"\"{Convert.ToHexString(hash, 0, 16)}\"", isWeak: true);
    }

    // If-None-Match decides when sent (weak comparison, as for a GET); otherwise If-Modified-Since, to the second.
    private static bool NotModified(RequestHeaders request, EntityTagHeaderValue version, DateTimeOffset updated)
    {
        if (request.IfNoneMatch is { Count: > 0 } tags)
        {
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(version, useStrongComparison: false));
        }

        return request.IfModifiedSince is { } since && updated.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private static void Write(XmlWriter writer, List<PracticeUpdate> items, string baseUrl, DateTimeOffset updated, string siteName, MarkdownRenderer markdown)
    {
        writer.WriteStartDocument();
        writer.WriteStartElement("feed", AtomNamespace);
        writer.WriteElementString("title", AtomNamespace, $"{siteName}: practice updates");
        writer.WriteElementString("id", AtomNamespace, $"{baseUrl}/updates");
        writer.WriteElementString("updated", AtomNamespace, XmlConvert.ToString(updated));
        WriteLink(writer, "self", $"{baseUrl}/updates/feed.atom", "application/atom+xml");
        WriteLink(writer, "alternate", $"{baseUrl}/updates", "text/html");
        writer.WriteStartElement("author", AtomNamespace);
        writer.WriteElementString("name", AtomNamespace, siteName);
        writer.WriteEndElement();
        foreach (var item in items)
        {
            writer.WriteStartElement("entry", AtomNamespace);
            writer.WriteElementString("id", AtomNamespace, $"urn:uuid:{item.Id}");
            writer.WriteElementString("title", AtomNamespace, item.Title);
            writer.WriteElementString("published", AtomNamespace, XmlConvert.ToString(item.PublishedAt!.Value));
            writer.WriteElementString("updated", AtomNamespace, XmlConvert.ToString(Updated(item)));
            WriteLink(writer, "alternate", $"{baseUrl}/updates/{item.Slug}", "text/html");
            foreach (var topic in item.TopicList)
            {
                writer.WriteStartElement("category", AtomNamespace);
                writer.WriteAttributeString("term", topic);
                writer.WriteEndElement();
            }

            if (item.Summary.Length > 0)
            {
                writer.WriteElementString("summary", AtomNamespace, item.Summary);
            }

            writer.WriteStartElement("content", AtomNamespace);
            writer.WriteAttributeString("type", "html");
            writer.WriteString(markdown.ToHtml(item.Body));
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
    }

    // An update published after it was last edited was last changed for readers when it was published.
    private static DateTimeOffset Updated(PracticeUpdate item) =>
        item.PublishedAt is { } published && published > item.UpdatedAt ? published : item.UpdatedAt;

    private static void WriteLink(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link", AtomNamespace);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }
}
