using Accreditation.Core.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Data;

/// <summary>The configured provider is the one in use, with its migrations applied and SQLite set up for a web server.</summary>
public sealed class ProviderTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task The_site_runs_on_the_provider_the_test_run_asked_for_with_every_migration_applied()
    {
        _ = site.Server;
        await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            Assert.Equal(site.IsPostgreSql, db.IsPostgreSql);
            Assert.Equal(site.IsPostgreSql ? typeof(PostgreSqlAccreditationDbContext) : typeof(SqliteAccreditationDbContext), db.GetType());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        });
    }

    [Fact]
    public async Task Every_sqlite_connection_uses_wal_full_sync_and_a_busy_timeout()
    {
        // Built directly on SQLite so the check runs in both provider legs.
        Directory.CreateDirectory(site.AppDataPath);
        var file = Path.Combine(site.AppDataPath, "pragmas.db");
        var options = new DbContextOptionsBuilder<SqliteAccreditationDbContext>();
        DataServices.ConfigureSqlite(options, $"Data Source={file}");
        await using var db = new SqliteAccreditationDbContext(options.Options, new ModelContributions([]));
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        async Task<string?> Pragma(string name)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal("wal", await Pragma("journal_mode"));
        Assert.Equal("2", await Pragma("synchronous")); // FULL
        Assert.Equal("10000", await Pragma("busy_timeout"));
        Assert.Equal("1", await Pragma("foreign_keys"));
    }
}
