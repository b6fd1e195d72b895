using Accreditation.Core.Auditing;
using Accreditation.Core.Cluster;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Recipes;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Core.Data;

/// <summary>
/// The one EF Core model of the platform: Identity, the kernel's tables, and every module's entity
/// configurations. Each provider has its own subclass so that each keeps its own migrations.
/// </summary>
public abstract class AccreditationDbContext : IdentityDbContext<PlatformUser, PlatformRole, string>, IDataProtectionKeyContext
{
    private readonly ModelContributions contributions;
    private readonly HashSet<string> announced = new(StringComparer.Ordinal);

    /// <summary>Creates the context with the modules' model contributions.</summary>
    protected AccreditationDbContext(DbContextOptions options, ModelContributions contributions) : base(options)
    {
        this.contributions = contributions;
    }

    /// <summary>The append-only audit trail.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>Modules switched off at run time.</summary>
    public DbSet<DisabledModule> DisabledModules => Set<DisabledModule>();

    /// <summary>Recipes applied to this database.</summary>
    public DbSet<RecipeRun> RecipeRuns => Set<RecipeRun>();

    /// <summary>Site-wide settings (name, phase banner, contact), set by recipes and admins.</summary>
    public DbSet<SiteSetting> SiteSettings => Set<SiteSetting>();

    /// <summary>
    /// The data-protection key ring (cookies, antiforgery tokens), shared by every web node on this database so a
    /// sign-in survives restarts and works on any node.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Says that shared state of this kind changes with the next save, so every node forgets what it keeps of it (see
    /// <see cref="ChangeSignalWatcher"/>): the topic's counter goes up once the save has succeeded and written
    /// something, in the same transaction when there is one.
    /// </summary>
    public void Announce(string topic) => announced.Add(topic);

    /// <summary>Whether this context runs on PostgreSQL (xmin row versions) rather than SQLite (app-managed tokens).</summary>
    public bool IsPostgreSql => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AuditEntry>(e =>
        {
            // The database refuses UPDATE and DELETE on this table through triggers (migration
            // AuditTrailAppendOnly). A SQLite migration that rebuilds this table drops them: re-create them there.
            e.ToTable("AuditEntries");
            e.HasKey(a => a.Id);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.UserId).HasMaxLength(450);
            e.Property(a => a.UserName).HasMaxLength(256);
            e.Property(a => a.RecordType).HasMaxLength(100);
            e.Property(a => a.RecordId).HasMaxLength(100);
            e.Property(a => a.IpAddress).HasMaxLength(64);
            e.Property(a => a.Path).HasMaxLength(2048);
            e.Property(a => a.CorrelationId).HasMaxLength(64);
            e.Property(a => a.Details).HasMaxLength(4000);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.RecordType, a.RecordId });
            e.HasIndex(a => a.UserId);
        });
        builder.Entity<AuditMaintenanceWindow>(e =>
        {
            // Read by the AuditEntries triggers (migration AuditTrailMaintenance): while a row is visible to a
            // transaction, that transaction may update and delete audit entries.
            e.ToTable("AuditMaintenanceWindows");
            e.HasKey(w => w.Id);
            e.Property(w => w.Reason).HasMaxLength(100);
        });
        builder.Entity<DisabledModule>(e =>
        {
            e.ToTable("DisabledModules");
            e.HasKey(d => d.ModuleId);
            e.Property(d => d.ModuleId).HasMaxLength(200);
        });
        builder.Entity<RecipeRun>(e =>
        {
            e.ToTable("RecipeRuns");
            e.HasKey(r => r.Id);
            e.Property(r => r.Name).HasMaxLength(200);
            e.Property(r => r.ContentHash).HasMaxLength(64);
            e.HasIndex(r => new { r.Name, r.ContentHash }).IsUnique();
        });
        builder.Entity<SiteSetting>(e =>
        {
            e.ToTable("SiteSettings");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(200);
            e.Property(s => s.Value).HasMaxLength(4000);
        });
        builder.Entity<BackgroundLease>(e =>
        {
            e.ToTable("BackgroundLeases");
            e.HasKey(l => l.Name);
            e.Property(l => l.Name).HasMaxLength(200);
            e.Property(l => l.Holder).HasMaxLength(BackgroundLease.HolderLength);
        });
        builder.Entity<ChangeSignal>(e =>
        {
            // Written by raw SQL (CountSql): keep the table and column names in step with it.
            e.ToTable("ChangeSignals");
            e.HasKey(s => s.Topic);
            e.Property(s => s.Topic).HasMaxLength(ChangeSignal.TopicLength);
        });
        builder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("DataProtectionKeys");
            e.HasKey(k => k.Id);
            e.Property(k => k.FriendlyName).HasMaxLength(200);
        });
        builder.Entity<PlatformUser>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.HasIndex(u => u.OrganisationId);
        });

        foreach (var configure in contributions.All)
        {
            configure(builder);
        }

        ConcurrencyTokens.Configure(builder, IsPostgreSql);
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        foreach (var topic in TakeAnnounced(saved))
        {
            Database.ExecuteSqlRaw(CountSql, topic);
        }

        return saved;
    }

    /// <inheritdoc />
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var topic in TakeAnnounced(saved))
        {
            await Database.ExecuteSqlRawAsync(CountSql, [topic], cancellationToken);
        }

        return saved;
    }

    // One statement on both providers: SQLite (3.24 and later) and PostgreSQL share this upsert.
    private const string CountSql =
        "INSERT INTO \"ChangeSignals\" (\"Topic\", \"Version\") VALUES ({0}, 1) "
        + "ON CONFLICT (\"Topic\") DO UPDATE SET \"Version\" = \"ChangeSignals\".\"Version\" + 1";

    // A save that wrote no row (a recipe run again, a form saved unchanged) changed nothing the nodes keep.
    private List<string> TakeAnnounced(int saved)
    {
        var topics = saved > 0 ? announced.ToList() : [];
        announced.Clear();
        return topics;
    }

    private void BeforeSave()
    {
        AuditEntry.RefuseChanges(ChangeTracker);
        if (!IsPostgreSql)
        {
            ConcurrencyTokens.Advance(ChangeTracker);
        }
    }
}

/// <summary>The model on SQLite (the embedded default); its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteAccreditationDbContext(DbContextOptions<SqliteAccreditationDbContext> options, ModelContributions contributions)
    : AccreditationDbContext(options, contributions)
{
    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite cannot compare or order DateTimeOffset stored as text; store UTC instants as sortable integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>The model on PostgreSQL; its migrations live in Migrations/PostgreSql.</summary>
public sealed class PostgreSqlAccreditationDbContext(DbContextOptions<PostgreSqlAccreditationDbContext> options, ModelContributions contributions)
    : AccreditationDbContext(options, contributions);

/// <summary>The entity configurations every known module adds to the shared model (the same set in every process).</summary>
public sealed class ModelContributions(IEnumerable<Action<ModelBuilder>> all)
{
    /// <summary>The configurations, in module order.</summary>
    public IReadOnlyList<Action<ModelBuilder>> All { get; } = all.ToList();
}

/// <summary>A site-wide setting.</summary>
public sealed class SiteSetting : IVersioned
{
    /// <summary>Setting key, e.g. "Site:Name".</summary>
    public required string Key { get; set; }

    /// <summary>Setting value.</summary>
    public string Value { get; set; } = "";

    /// <inheritdoc />
    public uint Version { get; set; }
}
