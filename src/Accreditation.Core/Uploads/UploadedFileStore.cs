using Accreditation.Core.Data;

namespace Accreditation.Core.Uploads;

/// <summary>
/// Keeps uploaded files outside the web root, under {AppData:Path}/{folder}, named by generated id only (never
/// by anything the uploader chose). A file is written to a temporary file first and moved into place, so a half-written
/// file is never seen; stored files are never changed.
/// </summary>
public class UploadedFileStore(DatabaseSettings database, string folder)
{
    /// <summary>The folder files are stored in.</summary>
    public string Root { get; } = Path.Combine(database.AppDataPath, folder);

    private string Temporary => Path.Combine(Root, "incoming");

    /// <summary>Writes a new file under its id.</summary>
    public async Task SaveAsync(Guid id, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(Temporary);
        var temporary = Path.Combine(Temporary, id.ToString("N") + ".part");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, PathOf(id), overwrite: false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Opens a stored file for reading, or null when it is missing.</summary>
    public Stream? Open(Guid id)
    {
        var path = PathOf(id);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;
    }

    /// <summary>Removes a stored file (when its upload could not be recorded, or nothing refers to it any more).</summary>
    public void Delete(Guid id) => File.Delete(PathOf(id));

    private string PathOf(Guid id) => Path.Combine(Root, id.ToString("N"));
}

