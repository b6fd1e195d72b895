using System.Reflection;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Modules;

/// <summary>Composes modules into the host: services, pages, endpoints, model, and start-up (migrations, setup).</summary>
public static class ModuleHost
{
    /// <summary>The id under which the kernel registers its own recipe steps; always enabled.</summary>
    public const string CoreModuleId = "Accreditation.Core";

    /// <summary>
    /// Composes the modules Modules:Enabled names (all when absent) in dependency order, registers the kernel and
    /// each module's services, and adds Razor Pages from the composed modules only.
    /// </summary>
    public static IReadOnlyList<ModuleStartup> AddModules(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<ModuleStartup> known, DatabaseSettings database)
    {
        var enabled = configuration.GetSection("Modules:Enabled").Get<string[]>();
        var composed = ModuleCatalog.Compose(known, enabled);
        var composition = new ComposedModules(composed, known);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIdSource, SequentialIdSource>();
        services.AddHttpContextAccessor();
        services.AddSingleton(composition);
        services.AddSingleton<ModuleState>();
        services.AddSingleton<SiteSettings>();
        services.AddSingleton<Cluster.NodeIdentity>();
        services.AddSingleton<Cluster.TaskLeases>();
        services.AddHostedService<Cluster.ChangeSignalWatcher>();
        services.AddSingleton(new Cluster.ChangeListener(Cluster.ChangeTopics.Modules, sp => sp.GetRequiredService<ModuleState>().Reset()));
        services.AddSingleton(new Cluster.ChangeListener(Cluster.ChangeTopics.Settings, sp => sp.GetRequiredService<SiteSettings>().Reset()));
        services.AddSingleton<Navigation.Menus>();
        services.AddScoped<Navigation.AdminNotices>();
        services.AddSingleton(new ModelContributions(known.Select(m => (Action<ModelBuilder>)m.ConfigureModel)));
        services.AddAccreditationData(database);
        services.TryAddSingleton<Files.IFileStore>(new Files.FolderFileStore(database.FilesPath));
        services.AddSingleton<SecretScrubber>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<Privacy.PersonalDataProviders>();
        services.AddSingleton<Privacy.RetentionSchedule>();
        services.AddScoped<IStartupTask, Privacy.RetentionSettingsCheck>();
        services.AddScoped<Privacy.AuditTrailPersonalData>();
        services.AddSingleton(new Privacy.PersonalDataRegistration(CoreModuleId, typeof(Privacy.AuditTrailPersonalData)));
        services.AddScoped<Privacy.AuditTrailRetention>();
        services.AddSingleton(new Privacy.RetentionRegistration(CoreModuleId, Privacy.AuditTrailRetention.Kind, typeof(Privacy.AuditTrailRetention)));
        services.AddScoped<RecipeRunner>();
        services.AddSingleton<RecipeFiles>();
        services.AddScoped<ModulesStep>();
        services.AddScoped<SettingsStep>();
        services.AddSingleton(new RecipeStepRegistration(CoreModuleId, typeof(ModulesStep)));
        services.AddSingleton(new RecipeStepRegistration(CoreModuleId, typeof(SettingsStep)));
        services.AddScoped<IStartupTask, SetupRecipeTask>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();

        foreach (var module in composed)
        {
            module.ConfigureServices(new ModuleServices(services, configuration, module.Manifest));
        }

        var moduleAssemblies = known.ToDictionary(m => m.GetType().Assembly, m => m.Manifest.Id);
        var composedAssemblies = composed.Select(m => m.GetType().Assembly).ToHashSet();
        services.AddRazorPages(options => options.Conventions.Add(new ModulePageConvention(moduleAssemblies)))
            .ConfigureApplicationPartManager(parts =>
            {
                // Pages of modules not composed into this host are not served at all.
                foreach (var part in parts.ApplicationParts.ToList())
                {
                    if (part is Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart assemblyPart &&
                        moduleAssemblies.ContainsKey(assemblyPart.Assembly) && !composedAssemblies.Contains(assemblyPart.Assembly))
                    {
                        parts.ApplicationParts.Remove(part);
                    }
                }

                foreach (var assembly in composedAssemblies.Where(a => !parts.ApplicationParts.OfType<Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart>().Any(p => p.Assembly == a)))
                {
                    parts.ApplicationParts.Add(new Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart(assembly));
                }
            });

        return composed;
    }

    /// <summary>Maps each composed module's endpoints, tagged with its id, and answers 404 for a disabled module's routes.</summary>
    public static void MapModules(this WebApplication app)
    {
        foreach (var module in app.Services.GetRequiredService<ComposedModules>().Composed)
        {
            var group = app.MapGroup("").WithMetadata(new ModuleEndpointMetadata(module.Manifest.Id));
            module.MapEndpoints(group);
        }
    }

    /// <summary>Middleware (after routing): a disabled module's pages and endpoints answer 404.</summary>
    public static IApplicationBuilder UseModuleGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var owner = context.GetEndpoint()?.Metadata.GetMetadata<ModuleEndpointMetadata>();
            if (owner is not null && !context.RequestServices.GetRequiredService<ModuleState>().IsEnabled(owner.ModuleId))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });

    /// <summary>Applies migrations, then runs the start-up tasks (setup recipe on an empty database, first admin).</summary>
    public static async Task InitialiseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
            var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Accreditation.Startup");
            if (db.IsPostgreSql)
            {
                await CreatePostgreSqlDatabaseAsync(db, log, ct);

                // On a new database Npgsql's migrator reads the history table before creating it and logs that failed
                // read as an error (npgsql/efcore.pg#3407); creating it first keeps a first start's log clean.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            }

            // A first start (or an upgrade) takes a moment here: say so, as the console is otherwise quiet until the
            // site listens.
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            if (pending > 0)
            {
                if ((await db.Database.GetAppliedMigrationsAsync(ct)).Any())
                {
                    log.LogInformation("Updating the database: {Count} migrations to apply.", pending);
                }
                else
                {
                    log.LogInformation("First start: creating the database ({Count} migrations).", pending);
                }
            }

            await db.Database.MigrateAsync(ct);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            foreach (var task in scope.ServiceProvider.GetServices<IStartupTask>().OrderBy(t => t.Order))
            {
                await task.RunAsync(scope.ServiceProvider, ct);
            }
        }

        services.GetRequiredService<ModuleState>().Reset();
        services.GetRequiredService<SiteSettings>().Reset();
    }

    /// <summary>
    /// Creates the PostgreSQL database on a first start when the server does not have it (as SQLite makes its file), or
    /// says plainly what to do when the account may not create databases.
    /// </summary>
    private static async Task CreatePostgreSqlDatabaseAsync(AccreditationDbContext db, ILogger log, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }

        var connection = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        log.LogInformation("First start: the server has no database {Database}; creating it.", connection.Database);
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database \"{connection.Database}\" does not exist and the user \"{connection.Username}\" may not create databases. " +
                $"Create it (createdb -O {connection.Username} {connection.Database}) or let the user create databases (ALTER ROLE ... CREATEDB), then start the site again.", ex);
        }
    }

    private sealed class ModulePageConvention(IReadOnlyDictionary<Assembly, string> moduleAssemblies) : IPageApplicationModelConvention
    {
        public void Apply(PageApplicationModel model)
        {
            if (moduleAssemblies.TryGetValue(model.HandlerType.Assembly, out var id) ||
                moduleAssemblies.TryGetValue(model.PageType.Assembly, out id))
            {
                model.EndpointMetadata.Add(new ModuleEndpointMetadata(id));
            }
        }
    }
}

/// <summary>On a database no recipe has touched, runs the setup recipe (Setup:Recipe, default practice-leader.recipe.json).</summary>
public sealed class SetupRecipeTask(AccreditationDbContext db, RecipeRunner runner, RecipeFiles files, IConfiguration configuration, ILogger<SetupRecipeTask> logger) : IStartupTask
{
    /// <inheritdoc />
    public int Order => 0;

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if (await db.RecipeRuns.AnyAsync(ct))
        {
            return;
        }

        var file = files.Resolve(configuration["Setup:Recipe"] is { Length: > 0 } name ? name : "practice-leader.recipe.json");
        logger.LogInformation("First start: applying the setup recipe {Recipe} (frameworks, roles, settings).", Path.GetFileName(file));
        var result = await runner.RunFileAsync(file, ct: ct);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The setup recipe {Path.GetFileName(file)} could not be applied:{Environment.NewLine}{string.Join(Environment.NewLine, result.Errors)}");
        }

        logger.LogInformation("Setup recipe {Recipe} applied.", result.Name);
    }
}
