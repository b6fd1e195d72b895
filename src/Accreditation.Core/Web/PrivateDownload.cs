using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Accreditation.Core.Web;

/// <summary>
/// The headers of a file that belongs to a person (evidence, CPD exports, a copy of their personal data): always
/// downloaded, never shown in the site's origin, never sniffed into something else, never kept by shared caches.
/// </summary>
public static class PrivateDownload
{
    /// <summary>
    /// Sets Content-Disposition: attachment with an ASCII fallback name and the real name as RFC 5987 filename*,
    /// X-Content-Type-Options: nosniff and Cache-Control: private, no-store.
    /// </summary>
    public static void SetHeaders(HttpContext http, string fileName)
    {
        var disposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = AsciiFallback(fileName),
            FileNameStar = fileName,
        };
        http.Response.Headers.ContentDisposition = disposition.ToString();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
    }

    /// <summary>
    /// The name for browsers that do not read filename*: accents dropped from their letters ("été" becomes "ete"), any
    /// other character outside printable ASCII, and quotes, slashes and semicolons, replaced by '_'; "download" with the
    /// extension when nothing readable is left of the name before it.
    /// </summary>
    public static string AsciiFallback(string fileName)
    {
        var ascii = new StringBuilder(fileName.Length);
        foreach (var c in fileName.Normalize(NormalizationForm.FormD))
        {
            if (c is >= ' ' and < (char)127 && c is not '"' and not '\\' and not '/' and not ';')
            {
                ascii.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                ascii.Append('_');
            }
        }

        var result = ascii.ToString().Trim();
        return Path.GetFileNameWithoutExtension(result).All(c => c is '_' or '.' or ' ') ? "download" + Path.GetExtension(result) : result;
    }
}
