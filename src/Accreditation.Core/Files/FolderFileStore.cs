namespace Accreditation.Core.Files;

/// <summary>
/// The default <see cref="IFileStore"/>: a folder per area under one root (the data folder, or <c>Files:Path</c>; a
/// volume every node mounts in a cluster). A file is written to a temporary file in its area's folder, flushed to disk
/// and moved into place without overwriting, so readers on any node see it whole or not at all.
/// </summary>
public sealed class FolderFileStore(string root) : IFileStore
{
    // Names must start with a letter or digit (see FileNames), so this folder can never be a stored file's.
    private const string Incoming = ".incoming";

    /// <summary>The folder holding one folder per area.</summary>
    public string Root { get; } = Path.GetFullPath(root);

    /// <inheritdoc />
    public async Task<long> SaveAsync(string area, string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var final = PathOf(area, name);
        var temporaryFolder = Path.Combine(AreaFolder(area), Incoming);
        Directory.CreateDirectory(temporaryFolder);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temporary = Path.Combine(temporaryFolder, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            long length;
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
                length = stream.Length;
            }

            File.Move(temporary, final, overwrite: false);
            return length;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    public Stream? Open(string area, string name)
    {
        try
        {
            // FileShare.Delete: a file being read may be deleted (retention, erasure) without failing either side.
            return new FileStream(PathOf(area, name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool Exists(string area, string name) => File.Exists(PathOf(area, name));

    /// <inheritdoc />
    public void Delete(string area, string name)
    {
        try
        {
            File.Delete(PathOf(area, name));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredFile> List(string area, string prefix)
    {
        var (folder, areaFolder) = Under(area, prefix);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var files = new List<StoredFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(areaFolder, path).Replace(Path.DirectorySeparatorChar, '/');
            if (name.StartsWith(prefix, StringComparison.Ordinal) && !name.Split('/').Any(s => s.StartsWith('.')))
            {
                var info = new FileInfo(path);
                if (info.Exists)
                {
                    files.Add(new StoredFile(name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
                }
            }
        }

        return files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public int DeleteAll(string area, string prefix)
    {
        if (prefix.Length == 0)
        {
            throw new ArgumentException("Name what to delete: an empty prefix would empty the whole area.", nameof(prefix));
        }

        var files = List(area, prefix);
        foreach (var file in files)
        {
            Delete(area, file.Name);
        }

        // Folders left empty go too ("upload/" once its files are gone), deepest first; one still in use stays.
        var (folder, areaFolder) = Under(area, prefix);
        if (Directory.Exists(folder) && folder != areaFolder)
        {
            foreach (var empty in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder).OrderByDescending(d => d.Length).ToList())
            {
                try
                {
                    if (!Directory.EnumerateFileSystemEntries(empty).Any())
                    {
                        Directory.Delete(empty);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        return files.Count;
    }

    private string AreaFolder(string area) => Path.Combine(Root, FileNames.CheckArea(area));

    private string PathOf(string area, string name) =>
        Path.Combine([AreaFolder(area), .. FileNames.CheckName(name).Split('/')]);

    // The deepest folder a prefix names whole ("upload/00" lists under "upload"), and the area's folder.
    private (string Folder, string AreaFolder) Under(string area, string prefix)
    {
        var areaFolder = AreaFolder(area);
        var segments = FileNames.CheckPrefix(prefix).Split('/');
        return (Path.Combine([areaFolder, .. segments[..^1]]), areaFolder);
    }
}
