namespace Accreditation.Core.Files;

/// <summary>A stored file as a listing gives it: its name in its area, its size and when it was written.</summary>
public sealed record StoredFile(string Name, long Length, DateTimeOffset WrittenAt);

/// <summary>
/// Where the files people give the service are kept (evidence, CPD attachments, media, research imports between preview
/// and import, prepared copies of personal data), so every web node reads what any node wrote. Each use has an area of
/// its own ("portfolio-files", "cpd-files", ...); a name is a path of plain segments ("upload/001"), never anything a
/// person typed. A saved file is complete or absent, never half-written, and is never overwritten: a new version is a
/// new name. Per-node state (the search index, the mail pickup folder) is not kept here.
/// </summary>
public interface IFileStore
{
    /// <summary>
    /// Stores a new file written by <paramref name="write"/>; returns its length. Fails (IOException) when the name is
    /// taken; a failure leaves nothing behind.
    /// </summary>
    Task<long> SaveAsync(string area, string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct);

    /// <summary>Opens a stored file for reading, or null when it is missing.</summary>
    Stream? Open(string area, string name);

    /// <summary>Whether a file is stored under the name.</summary>
    bool Exists(string area, string name);

    /// <summary>Removes a stored file; nothing happens when it is missing.</summary>
    void Delete(string area, string name);

    /// <summary>The files of an area whose names start with <paramref name="prefix"/> ("" for all), by name.</summary>
    IReadOnlyList<StoredFile> List(string area, string prefix);

    /// <summary>Removes every file whose name starts with <paramref name="prefix"/> (at least one character); returns how many.</summary>
    int DeleteAll(string area, string prefix);
}
