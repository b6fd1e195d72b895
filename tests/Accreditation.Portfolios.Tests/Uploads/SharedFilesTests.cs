using System.Net;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios.Tests.Uploads;

/// <summary>The portfolios site with its files in a folder of their own (Files:Path), as a cluster's shared volume.</summary>
public sealed class SharedFilesSite : PortfoliosSite
{
    /// <summary>The files folder every node of this site mounts.</summary>
    public string SharedFolder { get; } = Path.Combine(Path.GetTempPath(), "accreditation-tests", Guid.NewGuid().ToString("N") + "-files");

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings) { ["Files:Path"] = SharedFolder };

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(SharedFolder))
        {
            Directory.Delete(SharedFolder, recursive: true);
        }
    }
}

/// <summary>Two web nodes on one database and one files folder read each other's files.</summary>
public sealed class SharedFilesTests(SharedFilesSite site) : IClassFixture<SharedFilesSite>
{
    [Fact]
    public async Task A_file_uploaded_through_one_node_downloads_through_another_sharing_the_files_folder()
    {
        var email = $"two-nodes-{Guid.NewGuid():N}@example.gov.uk";
        var first = await site.PersonAsync(Roles.Candidate, Guid.NewGuid(), email);
        var window = await site.WindowAsync();
        var enrolled = await first.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        var portfolio = Guid.Parse(enrolled.Headers.Location!.OriginalString.Split('/').Last());
        Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(first, portfolio, TestFiles.Pdf("Uploaded through the first node."), "first.pdf", title: "First")).StatusCode);
        var firstFile = await FileIdAsync(portfolio, "First");

        // The bytes are in the shared folder, not in the node's data folder.
        Assert.True(File.Exists(Path.Combine(site.SharedFolder, "portfolio-files", firstFile.ToString("N"))));
        Assert.False(Directory.Exists(Path.Combine(site.AppDataPath, "portfolio-files")));

        // A second node: its own process state and data folder, the same database and the same files folder.
        var ownData = Path.Combine(Path.GetTempPath(), "accreditation-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var node = site.SecondNode(new Dictionary<string, string?> { ["AppData:Path"] = ownData, ["Files:Path"] = site.SharedFolder });
            var second = node.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.Redirect, (await second.SignInWithTwoFactorAsync(email, PortfoliosSite.Password)).StatusCode);

            var download = await second.GetAsync($"/portfolio/{portfolio}/files/{firstFile}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var stored = await File.ReadAllBytesAsync(Path.Combine(site.SharedFolder, "portfolio-files", firstFile.ToString("N")));
            Assert.Equal(stored, await download.Content.ReadAsByteArrayAsync());

            // And the other way: uploaded through the second node, downloaded through the first.
            Assert.Equal(HttpStatusCode.Redirect, (await PortfoliosSite.UploadAsync(second, portfolio, TestFiles.Pdf("Uploaded through the second node."), "second.pdf", title: "Second")).StatusCode);
            var secondFile = await FileIdAsync(portfolio, "Second");
            var back = await first.GetAsync($"/portfolio/{portfolio}/files/{secondFile}");
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(site.SharedFolder, "portfolio-files", secondFile.ToString("N"))), await back.Content.ReadAsByteArrayAsync());
            Assert.False(Directory.Exists(Path.Combine(ownData, "portfolio-files")));
            Assert.DoesNotContain(node.ServerProblems, p => !p.Contains("The WebRootPath was not found", StringComparison.Ordinal) && !p.Contains("A request body size limit could not be applied", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(ownData))
            {
                Directory.Delete(ownData, recursive: true);
            }
        }

        Assert.Empty(site.UnexpectedServerProblems());
    }

    private Task<Guid> FileIdAsync(Guid portfolio, string title) => site.WithScopeAsync(sp =>
    {
        var db = sp.GetRequiredService<AccreditationDbContext>();
        return (from i in db.Set<EvidenceItem>()
                join f in db.Set<PortfolioFile>() on i.FileId equals (Guid?)f.Id
                where i.EnrolmentId == portfolio && i.Title == title
                select f.Id).SingleAsync();
    });
}
