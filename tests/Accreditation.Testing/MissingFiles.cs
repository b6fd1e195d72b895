using System.Net;
using Accreditation.Core.Files;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accreditation.Testing;

/// <summary>
/// Files whose record stays while their bytes go (a lost volume, a node without the shared folder), and what a person
/// must then be shown: 410, the "not available" page with what to do, and a logged warning naming the file.
/// </summary>
public static class MissingFiles
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Removed = new();

    /// <summary>Deletes the bytes of a file stored by id, leaving its record; returns the stored name.</summary>
    public static string RemoveStoredBytes(this PlatformFactory site, string area, Guid id)
    {
        var name = FileArea.NameOf(id);
        return site.RemoveStoredBytes(area, name);
    }

    /// <summary>Deletes the bytes of a stored file, leaving its record; returns the stored name.</summary>
    public static string RemoveStoredBytes(this PlatformFactory site, string area, string name)
    {
        var store = site.Services.GetRequiredService<IFileStore>();
        Assert.True(store.Exists(area, name), $"{area}/{name} is not stored, so removing it proves nothing");
        Removed[name] = true;
        store.Delete(area, name);
        return name;
    }

    /// <summary>Asserts the response is the "file not available" page with the given advice, and the warning was logged.</summary>
    public static async Task AssertFileNotAvailableAsync(this PlatformFactory site, HttpResponseMessage response, string whatToDo, string storedName)
    {
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        var page = Pages.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(MissingFile.Title, page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Contains(whatToDo, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#correlation-id"));
        AssertWarned(site, storedName);
    }

    /// <summary>Asserts the server logged the missing-file warning for the stored name.</summary>
    public static void AssertWarned(this PlatformFactory site, string storedName) =>
        Assert.Contains(site.ServerProblems, p => p.StartsWith("Warning " + typeof(MissingFile).FullName, StringComparison.Ordinal) && p.Contains(storedName, StringComparison.Ordinal));

    /// <summary>Whether a logged problem is the warning about a file a test removed on purpose (other tests of its class ignore it).</summary>
    public static bool IsDeliberatelyMissing(string problem) =>
        problem.StartsWith("Warning " + typeof(MissingFile).FullName, StringComparison.Ordinal) && Removed.Keys.Any(n => problem.Contains(n, StringComparison.Ordinal));
}
