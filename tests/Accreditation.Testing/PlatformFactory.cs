using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Accreditation.Testing;

/// <summary>
/// The whole site in memory on a database of its own: SQLite in a temporary App_Data folder, or a fresh PostgreSQL
/// database when ACCREDITATION_TEST_PROVIDER=PostgreSql (connection from ACCREDITATION_TEST_POSTGRES). Share one per
/// test class (IClassFixture) so the host starts once.
/// </summary>
public class PlatformFactory : WebApplicationFactory<Program>
{
    /// <summary>The first admin's email.</summary>
    public const string AdminEmail = "admin@example.gov.uk";

    /// <summary>The first admin's password.</summary>
    public const string AdminPassword = "kestrel meadow lantern 42";

    private const string KeyRingCertificatePassword = "test key ring";

    /// <summary>
    /// A self-signed certificate that encrypts the test site's data-protection keys, as production's does: the site
    /// runs the production path, and the framework has no reason to warn that keys are stored unencrypted.
    /// </summary>
    private static readonly Lazy<byte[]> KeyRingCertificate = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Accreditation test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(10));
        return certificate.Export(X509ContentType.Pkcs12, KeyRingCertificatePassword);
    });

    /// <summary>The site each client was made by, so helpers given only a client can reach its site (two-factor keys).</summary>
    private static readonly ConditionalWeakTable<HttpClient, PlatformFactory> ClientSites = new();

    private readonly string appData = Path.Combine(Path.GetTempPath(), "accreditation-tests", Guid.NewGuid().ToString("N"));
    private readonly string? postgresDatabase;
    private readonly bool databaseExists;
    private bool keepDatabase;
    private IDictionary<string, string?> nodeSettings = new Dictionary<string, string?>();
    private int clients;

    /// <summary>Sites that have started and not stopped, so a two-factor key read from a page can be traced to its person.</summary>
    private static readonly ConcurrentDictionary<PlatformFactory, bool> LiveSites = new();

    /// <summary>
    /// Creates a factory on the provider the environment selects. Clients reach it on https://localhost, as the sign-in
    /// cookie is Secure outside Development.
    /// </summary>
    public PlatformFactory()
    {
        Provider = Environment.GetEnvironmentVariable("ACCREDITATION_TEST_PROVIDER") is { Length: > 0 } p ? p : DatabaseSettings.Sqlite;
        if (IsPostgreSql)
        {
            postgresDatabase = "acc_test_" + Guid.NewGuid().ToString("N")[..16];
        }

        ClientOptions.BaseAddress = new Uri("https://localhost/");
    }

    /// <summary>The sites running now.</summary>
    internal static IEnumerable<PlatformFactory> Running => LiveSites.Keys;

    /// <summary>
    /// Another web node of this site: its own host and memory, the same database, App_Data and data-protection keys,
    /// and the settings given. The first site keeps owning the database (disposing the node leaves it).
    /// </summary>
    public PlatformFactory SecondNode(IDictionary<string, string?>? settings = null) =>
        new PlatformFactory(this) { keepDatabase = true, nodeSettings = settings ?? new Dictionary<string, string?>() };

    /// <summary>A site on the database and App_Data of one that has stopped (see <see cref="RestartAsync"/>).</summary>
    private PlatformFactory(PlatformFactory stopped)
    {
        Provider = stopped.Provider;
        appData = stopped.appData;
        postgresDatabase = stopped.postgresDatabase;
        databaseExists = true;
        ClientOptions.BaseAddress = stopped.ClientOptions.BaseAddress;
        Clock.SetUtcNow(stopped.Clock.GetUtcNow());
    }

    /// <summary>
    /// Restarts the site as a server restart would: stops this host (its database and App_Data are kept) and returns a
    /// new site on the same database, same data-protection keys (so sign-in cookies still work) and the same time.
    /// The new site owns the database from then on. Only for a plain <see cref="PlatformFactory"/>: a derived fixture's
    /// settings are not carried over.
    /// </summary>
    public async Task<PlatformFactory> RestartAsync()
    {
        keepDatabase = true;
        await DisposeAsync();
        return new PlatformFactory(this);
    }

    /// <summary>"Sqlite" or "PostgreSql".</summary>
    public string Provider { get; }

    /// <summary>Whether this run is the PostgreSQL leg.</summary>
    public bool IsPostgreSql => string.Equals(Provider, DatabaseSettings.PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>The site's clock; starts at a fixed instant and moves only when a test moves it.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The App_Data folder of this site.</summary>
    public string AppDataPath => appData;

    /// <summary>Warnings and errors the server logged (tests assert there are none where that matters).</summary>
    public ConcurrentQueue<string> ServerProblems { get; } = new();

    /// <summary>Everything the server logged, with scopes (trace and correlation ids).</summary>
    public ServerLog ServerLog { get; } = new();

    /// <summary>Extra configuration a derived fixture sets (e.g. enabled modules).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>The connection string of this site's database.</summary>
    public string ConnectionString => IsPostgreSql
        // Generous timeouts: on a loaded two-core machine opening a connection or applying the migrations can take longer
        // than Npgsql's defaults (15 s and 30 s), and a fixture that times out fails every test of its class.
        ? new NpgsqlConnectionStringBuilder(BasePostgres()) { Database = postgresDatabase, Timeout = 60, CommandTimeout = 120 }.ConnectionString
        : $"Data Source={Path.Combine(appData, "accreditation.db")}";

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(appData);
        var keyRingCertificate = Path.Combine(appData, "key-ring.pfx");
        File.WriteAllBytes(keyRingCertificate, KeyRingCertificate.Value);
        if (IsPostgreSql && !databaseExists)
        {
            CreatePostgresDatabase();
        }

        var settings = BaseSettings(keyRingCertificate);
        foreach (var (key, value) in ExtraSettings.Concat(nodeSettings))
        {
            settings[key] = value;
        }

        builder.UseEnvironment("Testing");
        // Serve the themes' files (_content/...) from the build output as Development does, so pages load their styles and scripts.
        builder.UseStaticWebAssets();
        builder.UseSetting("AppData:Path", appData);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new ProblemLoggerProvider(ServerProblems)).AddProvider(ServerLog));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, TestClientAddress>();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>
    /// The settings a site process on this site's database and App_Data needs (see <see cref="SiteProcess"/>): the
    /// same database, files, first admin, recipes and data-protection key ring. Valid once this site has started.
    /// </summary>
    public IDictionary<string, string?> ProcessSettings()
    {
        var settings = BaseSettings(Path.Combine(appData, "key-ring.pfx"));
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private Dictionary<string, string?> BaseSettings(string keyRingCertificate) =>
        new()
        {
            ["AppData:Path"] = appData,
            ["Database:Provider"] = Provider,
            ["ConnectionStrings:Accreditation"] = ConnectionString,
            ["Setup:AdminEmail"] = AdminEmail,
            ["Setup:AdminPassword"] = AdminPassword,
            ["Recipes:Path"] = RecipesFolder(),
            ["DataProtection:CertificatePath"] = keyRingCertificate,
            ["DataProtection:CertificatePassword"] = KeyRingCertificatePassword,
            // Tests move the clock by hours and days while a person stays signed in; the session limits have tests of
            // their own (with the defaults).
            ["Identity:Session:IdleMinutes"] = "720",
            ["Identity:Session:AbsoluteHours"] = "8760",
            // Retention would remove what a test made as soon as the test moves the clock past a period, and its runs
            // would change the database under a test comparing snapshots: tests that want it run its rounds themselves.
            ["Privacy:BackgroundTasks:Enabled"] = "false",
            // Search by meaning embeds items in the background and adds items found by meaning to the results: tests
            // that want it turn it on (the Research tests' SemanticSearchTests).
            ["Research:Semantic:Enabled"] = "false",
            // The clock starts in November, when every candidate a test makes is due a CPD reminder: the hourly round
            // would add an email beside the one a test waits for. Tests of reminders run their rounds themselves.
            ["Cpd:Reminders:Automatic"] = "false",
        };

    /// <inheritdoc />
    /// <remarks>The site counts as running (for finding whose a two-factor key is) only once its host has started.</remarks>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        LiveSites[this] = true;
        return host;
    }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects (tests assert them). Each client comes from a client
    /// address of its own, as different people do (the sign-in rate limit counts per address).
    /// </summary>
    public HttpClient CreateBrowserLikeClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, $"198.51.100.{(Interlocked.Increment(ref clients) % 254) + 1}");
        return client;
    }

    /// <summary>The site that made a client (any client this factory creates, browser-like or not).</summary>
    public static PlatformFactory SiteOf(HttpClient client) =>
        ClientSites.TryGetValue(client, out var site)
            ? site
            : throw new InvalidOperationException("This client was not made by a PlatformFactory, so its site is unknown.");

    /// <inheritdoc />
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        ClientSites.AddOrUpdate(client, this);
    }

    /// <summary>Runs work against the site's services in a scope.</summary>
    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs work against the site's services in a scope.</summary>
    public async Task WithScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    /// <summary>The repository's recipes folder.</summary>
    public static string RecipesFolder() => Path.Combine(RepositoryRoot(), "recipes");

    /// <summary>The repository root (the folder holding Accreditation.sln).</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Accreditation.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Accreditation.sln not found above the test folder.");
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        LiveSites.TryRemove(this, out _);
        base.Dispose(disposing);
        if (!disposing || keepDatabase)
        {
            return;
        }

        try
        {
            if (IsPostgreSql)
            {
                NpgsqlConnection.ClearAllPools();
                using var connection = new NpgsqlConnection(BasePostgres());
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)";
                command.ExecuteNonQuery();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(appData, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder or test database is harmless.
        }
        catch (NpgsqlException)
        {
        }
    }

    /// <summary>
    /// The PostgreSQL server this site makes its database on: the one the test run started (ACCREDITATION_TEST_POSTGRES)
    /// unless a fixture gives a server of its own (one it may stop and start).
    /// </summary>
    protected virtual string? PostgresServer => null;

    private string BasePostgres() =>
        PostgresServer is { Length: > 0 } own
            ? own
            : Environment.GetEnvironmentVariable("ACCREDITATION_TEST_POSTGRES") is { Length: > 0 } cs
                ? cs
                : "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres";

    private void CreatePostgresDatabase()
    {
        using var connection = new NpgsqlConnection(BasePostgres());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{postgresDatabase}\"";
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // A second start of the same test site (after a first that failed part way) uses the database it made.
        }
    }
}

/// <summary>Collects warnings and errors the server logs.</summary>
public sealed class ProblemLoggerProvider(ConcurrentQueue<string> problems) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new ProblemLogger(categoryName, problems);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class ProblemLogger(string category, ConcurrentQueue<string> problems) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                problems.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
