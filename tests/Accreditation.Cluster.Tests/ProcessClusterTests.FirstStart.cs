using System.Net;
using Accreditation.Testing;
using Npgsql;

namespace Accreditation.Cluster.Tests;

// The first node of a new cluster: the database server is there but the service's database is not (PostgreSQL), or
// the data folder is not (SQLite). The node makes it, applies the migrations and the setup recipe, and answers.
public sealed partial class ProcessClusterTests
{
    [Fact]
    public async Task A_first_node_on_a_server_without_its_database_creates_it_and_answers()
    {
        var settings = new Dictionary<string, string?>(cluster.Settings);
        var folder = Path.Combine(cluster.Site.AppDataPath, "first-start-" + Guid.NewGuid().ToString("N")[..6]);
        settings["AppData:Path"] = folder;
        settings["Files:Path"] = folder;
        if (cluster.Site.IsPostgreSql)
        {
            var missing = new NpgsqlConnectionStringBuilder(cluster.Site.ConnectionString) { Database = "first_start_" + Guid.NewGuid().ToString("N")[..10] };
            settings["ConnectionStrings:Accreditation"] = missing.ConnectionString;
        }
        else
        {
            settings["ConnectionStrings:Accreditation"] = $"Data Source={Path.Combine(folder, "accreditation.db")}";
        }

        Assert.False(Directory.Exists(folder));
        await using var node = await SiteProcess.StartAsync(settings);
        using var client = node.CreateClient(new CookieContainer());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
        Assert.Contains("First start", node.Output, StringComparison.Ordinal);
    }
}
