namespace Accreditation.Core.Files;

/// <summary>
/// One area of the <see cref="IFileStore"/>, for a module to register as its own typed store
/// (<c>sealed class CpdFileStore(IFileStore files) : FileArea(files, "cpd-files")</c>). Files named by a generated id are
/// stored under the id's 32 hex digits.
/// </summary>
public class FileArea(IFileStore store, string area)
{
    /// <summary>The area's name (its folder in the data folder, by default).</summary>
    public string Area { get; } = FileNames.CheckArea(area);

    /// <summary>Stores a new file under its id.</summary>
    public Task SaveAsync(Guid id, byte[] content, CancellationToken ct) => SaveAsync(NameOf(id), content, ct);

    /// <summary>Stores a new file under a name.</summary>
    public Task SaveAsync(string name, byte[] content, CancellationToken ct) =>
        store.SaveAsync(Area, name, (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);

    /// <summary>Stores a new file written by <paramref name="write"/> (too big to hold in memory); returns its length.</summary>
    public Task<long> SaveAsync(string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct) => store.SaveAsync(Area, name, write, ct);

    /// <summary>Opens a file stored under its id, or null when it is missing.</summary>
    public Stream? Open(Guid id) => store.Open(Area, NameOf(id));

    /// <summary>Opens a file stored under a name, or null when it is missing.</summary>
    public Stream? Open(string name) => store.Open(Area, name);

    /// <summary>Whether a file is stored under the name.</summary>
    public bool Exists(string name) => store.Exists(Area, name);

    /// <summary>Removes a file stored under its id (when its upload could not be recorded, or nothing refers to it any more).</summary>
    public void Delete(Guid id) => store.Delete(Area, NameOf(id));

    /// <summary>Removes a file stored under a name.</summary>
    public void Delete(string name) => store.Delete(Area, name);

    /// <summary>The files whose names start with the prefix.</summary>
    public IReadOnlyList<StoredFile> List(string prefix) => store.List(Area, prefix);

    /// <summary>Removes the files whose names start with the prefix; returns how many.</summary>
    public int DeleteAll(string prefix) => store.DeleteAll(Area, prefix);

    /// <summary>The name a file stored by id has.</summary>
    public static string NameOf(Guid id) => id.ToString("N");
}
