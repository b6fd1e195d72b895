using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Data;

/// <summary>Where the data lives: provider, connection string and the App_Data folder.</summary>
public sealed record DatabaseSettings(string Provider, string ConnectionString, string AppDataPath)
{
    /// <summary>The embedded default.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>PostgreSQL through Npgsql.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary>
    /// The folder holding stored files (Files:Path, relative to the content root): a volume every node mounts in a
    /// cluster. The data folder when not set.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public string FilesPath { get => field ?? AppDataPath; init; }

    /// <summary>Reads Database:Provider, ConnectionStrings:Accreditation, AppData:Path and Files:Path (paths relative to the content root).</summary>
    public static DatabaseSettings From(IConfiguration configuration, string contentRoot) =>
        Read(configuration, contentRoot) with
        {
            FilesPath = configuration["Files:Path"] is { } files && !string.IsNullOrWhiteSpace(files) ? Path.GetFullPath(files, contentRoot) : null,
        };

    private static DatabaseSettings Read(IConfiguration configuration, string contentRoot)
    {
        var appData = configuration["AppData:Path"];
        appData = string.IsNullOrWhiteSpace(appData) ? Path.Combine(contentRoot, "App_Data") : Path.GetFullPath(appData, contentRoot);
        var provider = configuration["Database:Provider"];
        provider = string.IsNullOrWhiteSpace(provider) ? Sqlite : provider.Trim();
        var connectionString = configuration.GetConnectionString("Accreditation");
        if (string.Equals(provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            connectionString = string.IsNullOrWhiteSpace(connectionString)
                ? $"Data Source={Path.Combine(appData, "accreditation.db")}"
                : connectionString;
            return new DatabaseSettings(Sqlite, connectionString, appData);
        }

        if (string.Equals(provider, PostgreSql, StringComparison.OrdinalIgnoreCase) || string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:Accreditation is not set.");
            }

            return new DatabaseSettings(PostgreSql, connectionString, appData);
        }

        throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use Sqlite or PostgreSql.");
    }
}

/// <summary>Registers the shared model on the configured provider.</summary>
public static class DataServices
{
    /// <summary>Adds the provider's context and exposes it as <see cref="AccreditationDbContext"/>.</summary>
    public static IServiceCollection AddAccreditationData(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.Configure<IdentityOptions>(ConfigureIdentityStore);
        Directory.CreateDirectory(settings.AppDataPath);
        if (settings.Provider == DatabaseSettings.Sqlite)
        {
            services.AddDbContext<SqliteAccreditationDbContext>(o => ConfigureSqlite(o, settings.ConnectionString));
            services.AddScoped<AccreditationDbContext>(sp => sp.GetRequiredService<SqliteAccreditationDbContext>());
        }
        else
        {
            services.AddDbContext<PostgreSqlAccreditationDbContext>(o => ConfigurePostgreSql(o, settings.ConnectionString));
            services.AddScoped<AccreditationDbContext>(sp => sp.GetRequiredService<PostgreSqlAccreditationDbContext>());
        }

        return services;
    }

    /// <summary>
    /// Identity's tables as the model has them: schema version 3 holds passkeys (AspNetUserPasskeys). Identity's context
    /// reads the version from the application's services, so design-time contexts are given the same setting.
    /// </summary>
    public static void ConfigureIdentityStore(IdentityOptions options) => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

    /// <summary>SQLite options (also used at design time).</summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(new SqlitePragmas());

    /// <summary>PostgreSQL options (also used at design time).</summary>
    public static DbContextOptionsBuilder ConfigurePostgreSql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);
}
