using System.Net;
using Accreditation.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Accreditation.IntegrationTests.Health;

/// <summary>Health checks for the load balancer and orchestrator: anonymous, and cheap.</summary>
public sealed class HealthTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task A_running_site_with_its_database_answers_healthy_to_anyone(string url)
    {
        var response = await site.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>A site whose database a test can take away while the site runs.</summary>
public sealed class SiteLosingItsDatabase : PlatformFactory
{
    /// <summary>Makes the database unreachable: the SQLite file becomes a folder; the PostgreSQL database is dropped.</summary>
    public async Task LoseDatabaseAsync()
    {
        _ = Server; // started, migrated and set up first
        if (IsPostgreSql)
        {
            var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            await command.ExecuteNonQueryAsync();
            return;
        }

        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        for (var attempt = 0; ; attempt++)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            try
            {
                Directory.CreateDirectory(file);
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                // A background task of the site opened the database again between the two steps (SQLite creates the
                // file on opening): take it away again.
                await Task.Delay(20);
            }
        }
    }
}

/// <summary>Without its database the site is alive but not ready, so the load balancer stops sending it people.</summary>
public sealed class HealthWithoutDatabaseTests(SiteLosingItsDatabase site) : IClassFixture<SiteLosingItsDatabase>
{
    [Fact]
    public async Task Ready_answers_503_unhealthy_and_live_stays_healthy_when_the_database_is_unreachable()
    {
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await site.LoseDatabaseAsync();
        var ready = await client.GetAsync("/health/ready");
        var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
    }
}
