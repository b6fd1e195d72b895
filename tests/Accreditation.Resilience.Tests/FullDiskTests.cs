using System.Net;
using System.Net.Http.Headers;
using Accreditation.Core.Data;
using Accreditation.Core.Files;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Accreditation.Resilience.Tests;

/// <summary>
/// The site with a file store on a volume that fills up: the real folder store in the site's data folder, whose writes
/// fail with "No space left on device" (ENOSPC, as the operating system reports it) once a set number of bytes has been
/// written. Mounting a small file system needs root; this fails the same call in the same way without.
/// </summary>
public sealed class FullDiskSite : PlatformFactory
{
    /// <summary>The store the site uses.</summary>
    public FillingFileStore Store { get; private set; } = null!;

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["BackgroundTasks:Enabled"] = "false" };

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Store = new FillingFileStore(new FolderFileStore(AppDataPath));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IFileStore>();
            services.AddSingleton<IFileStore>(Store);
        });
    }
}

/// <summary>The folder store with a capacity: writes past it fail with ENOSPC part way through, as a full disk's do.</summary>
public sealed class FillingFileStore(FolderFileStore inner) : IFileStore
{
    private long written;

    private long capacity = long.MaxValue;

    /// <summary>Lets <paramref name="bytes"/> more bytes be written, then the volume is full.</summary>
    public void FullAfter(long bytes) => Interlocked.Exchange(ref capacity, Interlocked.Read(ref written) + bytes);

    /// <summary>An operator made room: writes succeed again.</summary>
    public void MakeRoom() => Interlocked.Exchange(ref capacity, long.MaxValue);

    /// <summary>The folder the files are in.</summary>
    public string Root => inner.Root;

    /// <inheritdoc />
    public Task<long> SaveAsync(string area, string name, Func<Stream, CancellationToken, Task> write, CancellationToken ct) =>
        inner.SaveAsync(area, name, (stream, token) => write(new FillingStream(stream, this), token), ct);

    /// <inheritdoc />
    public Stream? Open(string area, string name) => inner.Open(area, name);

    /// <inheritdoc />
    public bool Exists(string area, string name) => inner.Exists(area, name);

    /// <inheritdoc />
    public void Delete(string area, string name) => inner.Delete(area, name);

    /// <inheritdoc />
    public IReadOnlyList<StoredFile> List(string area, string prefix) => inner.List(area, prefix);

    /// <inheritdoc />
    public int DeleteAll(string area, string prefix) => inner.DeleteAll(area, prefix);

    private void Take(int count)
    {
        if (Interlocked.Add(ref written, count) > Interlocked.Read(ref capacity))
        {
            // What .NET throws on Linux when write(2) fails with ENOSPC: the error number is the HResult.
            throw new IOException("No space left on device", 28);
        }
    }

    // Writes in small pieces so the failure comes part way through a file, with some of it already on disk.
    private sealed class FillingStream(Stream inner, FillingFileStore store) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var at = 0; at < buffer.Length; at += 4096)
            {
                var piece = buffer.Slice(at, Math.Min(4096, buffer.Length - at));
                store.Take(piece.Length);
                await inner.WriteAsync(piece, cancellationToken);
                await inner.FlushAsync(cancellationToken); // on disk, as a full disk's partial file would be
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

/// <summary>A full upload folder: a clear message, no 500, nothing half-written, no item pointing at a missing file.</summary>
public sealed class FullDiskTests(FullDiskSite site) : IClassFixture<FullDiskSite>
{
    [Fact]
    public async Task Uploading_evidence_to_a_full_file_store_says_so_and_leaves_nothing_half_written()
    {
        var (client, portfolio) = await CandidateAsync();
        var first = TestFiles.PngOfSize(40_000);
        var second = TestFiles.PngOfSize(120_000);
        site.Store.FullAfter(100_000); // room for the first file, not for the second

        var stored = await UploadAsync(client, portfolio, first, "first.png", "Supervision notes, first");
        Assert.Equal(HttpStatusCode.Redirect, stored.StatusCode);

        var refused = await UploadAsync(client, portfolio, second, "second.png", "Supervision notes, second");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with the error: never a 500
        var page = Pages.Parse(html);
        Assert.Contains(StorageFull.Message, page.QuerySelector(".govuk-error-summary")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains(StorageFull.Message, page.QuerySelector("#Upload-error, .govuk-error-message")?.TextContent ?? "", StringComparison.Ordinal);

        // Nothing half-written: no partial file in the store's folder (its temporary files included), and every
        // document item of the portfolio has its whole file.
        var folder = Path.Combine(site.Store.Root, "portfolio-files");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();
        Assert.Single(files);
        var items = await site.WithScopeAsync(sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            return (from i in db.Set<EvidenceItem>()
                    join f in db.Set<PortfolioFile>() on i.FileId equals f.Id
                    where i.EnrolmentId == portfolio
                    select new { i.Title, f.Id, f.Length }).ToListAsync();
        });
        var item = Assert.Single(items);
        Assert.Equal("Supervision notes, first", item.Title);
        Assert.Equal(item.Length, new FileInfo(files[0]).Length);
        Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().CountAsync(f => f.EnrolmentId == portfolio && f.Id != item.Id)));
        Assert.Contains(site.ServerProblems, p => p.Contains("the file store is full", StringComparison.Ordinal)); // the operator hears of it

        // Once room is made, the same upload goes through.
        site.Store.MakeRoom();
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(client, portfolio, second, "second.png", "Supervision notes, second")).StatusCode);
    }

    [Fact]
    public async Task Attaching_a_file_to_a_CPD_record_on_a_full_file_store_says_so_and_keeps_nothing()
    {
        var (client, _) = await CandidateAsync();
        var title = $"Full disk reading {Guid.NewGuid():N}"[..30];
        var today = DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime).AddDays(-1);
        var saved = await client.PostFormAsync("/cpd/records/new", new Dictionary<string, string>
        {
            ["Input.ActivityType"] = "Reading",
            ["Input.Title"] = title,
            ["Input.DateDay"] = today.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.DateMonth"] = today.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.DateYear"] = today.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Hours"] = "1",
            ["Input.Description"] = $"{title}: what the reading was.",
            ["Input.Learning"] = "What I learned.",
            ["Input.Impact"] = "What changed.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Cpd.Data.CpdRecord>().Where(r => r.Title == title).Select(r => r.Id).SingleAsync());
        site.Store.FullAfter(10_000);
        try
        {
            var url = $"/cpd/records/{record}";
            var form = await client.GetDocumentAsync(url);
            using var body = new MultipartFormDataContent();
            body.Add(new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken");
            var file = new ByteArrayContent(TestFiles.PngOfSize(60_000));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            body.Add(file, "Upload", "certificate.png");
            var refused = await client.PostAsync(url + "?handler=Upload", body);

            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            var page = Pages.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains(StorageFull.Message, page.QuerySelector(".govuk-error-summary")?.TextContent ?? "", StringComparison.Ordinal);
            var folder = Path.Combine(site.Store.Root, "cpd-files");
            Assert.Empty(Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : []);
            Assert.Equal(0, await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Cpd.Data.CpdAttachment>().CountAsync(a => a.RecordId == record)));
        }
        finally
        {
            site.Store.MakeRoom();
        }
    }

    private async Task<(HttpClient Client, Guid Portfolio)> CandidateAsync()
    {
        var today = DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime);
        var exists = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().AnyAsync(w => w.Name == "Full disk window"));
        var result = exists ? null : await site.WithScopeAsync(sp => sp.GetRequiredService<Core.Recipes.RecipeRunner>().RunAsync($$"""
            { "name": "full disk window", "steps": [ { "name": "programmes", "programmes": [
              { "name": "Full disk programme", "framework": "practice-leader",
                "windows": [ { "name": "Full disk window", "opens": "{{today.AddDays(-30):yyyy-MM-dd}}", "closes": "{{today.AddDays(120):yyyy-MM-dd}}", "capacity": 500 } ] } ] } ] }
            """));
        Assert.True(result?.Succeeded ?? true, string.Join("; ", result?.Errors ?? []));
        var window = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().Where(w => w.Name == "Full disk window").Select(w => w.Id).SingleAsync());
        var email = $"candidate-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email, [Roles.Candidate], configure: u => u.OrganisationId = Guid.NewGuid());
        var client = site.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, People.Password)).StatusCode);
        var enrolled = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        return (client, Guid.Parse(enrolled.Headers.Location!.OriginalString.Split('/').Last()));
    }

    // Posts the upload form as a browser does.
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid portfolio, byte[] content, string fileName, string title)
    {
        var url = $"/portfolio/{portfolio}/upload";
        var form = await client.GetDocumentAsync(url);
        using var body = new MultipartFormDataContent();
        body.Add(new StringContent(form.AntiforgeryToken()), "__RequestVerificationToken");
        body.Add(new StringContent(title), "Title");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        body.Add(file, "Upload", fileName);
        return await client.PostAsync(url, body);
    }
}
