using System.Text;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Core.Tests.Files;

/// <summary>The default file store: whole files or none, never overwritten, names that cannot climb out of their area.</summary>
public sealed class FolderFileStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "accreditation-tests", Guid.NewGuid().ToString("N"));

    private FolderFileStore Store => new(root);

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Task Save(IFileStore store, string area, string name, string text) =>
        store.SaveAsync(area, name, (s, ct) => s.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask(), CancellationToken.None);

    private static string Read(Stream? stream)
    {
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task A_saved_file_is_read_back_from_its_areas_folder_and_a_missing_one_opens_as_null()
    {
        var store = Store;
        await Save(store, "cpd-files", "0123abcd", "certificate");

        Assert.Equal("certificate", Read(store.Open("cpd-files", "0123abcd")));
        Assert.True(File.Exists(Path.Combine(root, "cpd-files", "0123abcd")));
        Assert.True(store.Exists("cpd-files", "0123abcd"));
        Assert.Null(store.Open("cpd-files", "missing"));
        Assert.Null(store.Open("never-used", "missing"));
        Assert.False(store.Exists("cpd-files", "missing"));
        store.Delete("never-used", "missing"); // nothing to delete is not a failure
    }

    [Fact]
    public async Task A_stored_file_is_never_overwritten_and_a_failed_write_leaves_nothing()
    {
        var store = Store;
        await Save(store, "media", "one", "first");

        await Assert.ThrowsAsync<IOException>(() => Save(store, "media", "one", "second"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.SaveAsync("media", "two", async (s, ct) =>
        {
            await s.WriteAsync("half"u8.ToArray(), ct);
            throw new InvalidOperationException("the writer failed");
        }, CancellationToken.None));

        Assert.Equal("first", Read(store.Open("media", "one")));
        Assert.False(store.Exists("media", "two"));
        Assert.Equal(["one"], store.List("media", "").Select(f => f.Name));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "media"), "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Files_are_listed_and_deleted_by_prefix_and_an_emptied_folder_goes_too()
    {
        var store = Store;
        await Save(store, "imports", "a1/000", "x");
        await Save(store, "imports", "a1/000.name", "items.csv");
        await Save(store, "imports", "a2/000", "yy");

        Assert.Equal(["a1/000", "a1/000.name"], store.List("imports", "a1/").Select(f => f.Name));
        Assert.Equal(2, store.List("imports", "a2/000").Single().Length);
        Assert.Equal(3, store.List("imports", "").Count);
        Assert.Equal(2, store.DeleteAll("imports", "a1/"));

        Assert.False(Directory.Exists(Path.Combine(root, "imports", "a1")));
        Assert.Equal(["a2/000"], store.List("imports", "").Select(f => f.Name));
        Assert.Throws<ArgumentException>(() => store.DeleteAll("imports", ""));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/absolute")]
    [InlineData(".incoming/x")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("a//b")]
    public async Task A_name_that_could_leave_its_area_is_refused(string name)
    {
        var store = Store;
        await Assert.ThrowsAsync<ArgumentException>(() => Save(store, "media", name, "x"));
        Assert.Throws<ArgumentException>(() => store.Open("media", name));
        Assert.Throws<ArgumentException>(() => store.Delete("media", name));
        Assert.Throws<ArgumentException>(() => store.Open("../media", "x"));
        Assert.False(Directory.Exists(Path.Combine(root, "escape")));
    }

    [Fact]
    public void Files_live_in_the_data_folder_unless_Files_Path_names_another()
    {
        var content = Path.Combine(root, "site");
        var defaults = DatabaseSettings.From(new ConfigurationBuilder().Build(), content);
        var shared = DatabaseSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Files:Path"] = "../shared" }).Build(), content);

        Assert.Equal(Path.Combine(content, "App_Data"), defaults.FilesPath);
        Assert.Equal(Path.Combine(root, "shared"), shared.FilesPath);
        Assert.Equal(Path.Combine(content, "App_Data"), shared.AppDataPath);
    }
}
