using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Accreditation.Web.Infrastructure;

/// <summary>Builds the SQLite model with every module for <c>dotnet ef migrations add</c>.</summary>
public sealed class SqliteDesignTimeContext : IDesignTimeDbContextFactory<SqliteAccreditationDbContext>
{
    /// <inheritdoc />
    public SqliteAccreditationDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteAccreditationDbContext>();
        DataServices.ConfigureSqlite(options, "Data Source=design-time.db").UseApplicationServiceProvider(IdentityStoreServices());
        return new SqliteAccreditationDbContext(options.Options, Contributions());
    }

    /// <summary>The one application setting the model depends on: Identity's schema version.</summary>
    internal static IServiceProvider IdentityStoreServices() =>
        new ServiceCollection().Configure<Microsoft.AspNetCore.Identity.IdentityOptions>(DataServices.ConfigureIdentityStore).BuildServiceProvider();

    internal static ModelContributions Contributions() =>
        new(HostModules.All().Select(m => (Action<ModelBuilder>)m.ConfigureModel));
}

/// <summary>Builds the PostgreSQL model with every module for <c>dotnet ef migrations add</c>.</summary>
public sealed class PostgreSqlDesignTimeContext : IDesignTimeDbContextFactory<PostgreSqlAccreditationDbContext>
{
    /// <inheritdoc />
    public PostgreSqlAccreditationDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlAccreditationDbContext>();
        DataServices.ConfigurePostgreSql(options, "Host=localhost;Database=design_time").UseApplicationServiceProvider(SqliteDesignTimeContext.IdentityStoreServices());
        return new PostgreSqlAccreditationDbContext(options.Options, SqliteDesignTimeContext.Contributions());
    }
}
