using Accreditation.Core.Navigation;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Core.Modules;

/// <summary>
/// What a module's startup registers through: plain services, plus the pieces the host gates by module state
/// (recipe steps, permissions, admin menu entries, background tasks), each tagged with the module's id.
/// </summary>
public sealed class ModuleServices(IServiceCollection services, IConfiguration configuration, ModuleManifest manifest)
{
    /// <summary>The host's service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The host's configuration.</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>The manifest of the module registering.</summary>
    public ModuleManifest Manifest { get; } = manifest;

    /// <summary>Registers a recipe step handler owned by this module.</summary>
    public ModuleServices AddRecipeStep<TStep>() where TStep : class, IRecipeStep
    {
        Services.AddScoped<TStep>();
        Services.AddSingleton(new RecipeStepRegistration(Manifest.Id, typeof(TStep)));
        return this;
    }

    /// <summary>Registers the module's permissions and the roles that hold them by default.</summary>
    public ModuleServices AddPermissions(IPermissionProvider provider)
    {
        Services.AddSingleton(new PermissionRegistration(Manifest.Id, provider));
        return this;
    }

    /// <summary>Registers an admin menu entry shown while this module is enabled.</summary>
    public ModuleServices AddAdminMenu(AdminMenuItem item)
    {
        Services.AddSingleton(new AdminMenuRegistration(Manifest.Id, item));
        return this;
    }

    /// <summary>Registers a source of notices for the admin overview, shown while this module is enabled.</summary>
    public ModuleServices AddAdminNotices<TSource>() where TSource : class, IAdminNoticeSource
    {
        Services.AddScoped<TSource>();
        Services.AddSingleton(new AdminNoticeRegistration(Manifest.Id, typeof(TSource)));
        return this;
    }

    /// <summary>Registers a navigation entry of the public/candidate/assessor theme.</summary>
    public ModuleServices AddNavigation(NavigationItem item)
    {
        Services.AddSingleton(new NavigationRegistration(Manifest.Id, item));
        return this;
    }

    /// <summary>
    /// Registers the module's personal-data provider: what it holds, and how one person's data is exported and erased.
    /// </summary>
    public ModuleServices AddPersonalData<TProvider>() where TProvider : class, Privacy.IPersonalDataProvider
    {
        Services.AddScoped<TProvider>();
        Services.AddSingleton(new Privacy.PersonalDataRegistration(Manifest.Id, typeof(TProvider)));
        return this;
    }

    /// <summary>Registers a kind of data with a retention period and the rule that applies it (one rule may serve several kinds).</summary>
    public ModuleServices AddRetention<TRule>(Privacy.RetentionKind kind) where TRule : class, Privacy.IRetentionRule
    {
        Services.TryAddScoped<TRule>();
        Services.AddSingleton(new Privacy.RetentionRegistration(Manifest.Id, kind, typeof(TRule)));
        return this;
    }

    /// <summary>
    /// Registers a route whose path carries a live secret, e.g. "/endorse/{token}": the audit trail and the logs record
    /// it with the secret replaced.
    /// </summary>
    public ModuleServices AddSecretPath(string template)
    {
        Services.AddSingleton(new SecretPathRegistration(template));
        return this;
    }

    /// <summary>
    /// Registers what this node does when a kind of shared state changes on any node (see
    /// <see cref="Cluster.ChangeSignalWatcher"/>): the saving code calls <c>db.Announce(topic)</c>.
    /// </summary>
    public ModuleServices AddChangeListener(string topic, Action<IServiceProvider> changed)
    {
        Services.AddSingleton(new Cluster.ChangeListener(topic, changed));
        return this;
    }

    /// <summary>Registers a background task; it runs only while this module is enabled.</summary>
    public ModuleServices AddBackgroundTask<TTask>() where TTask : class, IBackgroundTask
    {
        Services.TryAddSingleton<TTask>();
        Services.AddSingleton<IHostedService>(sp => new BackgroundTaskRunner(
            Manifest.Id, sp.GetRequiredService<TTask>(), sp));
        return this;
    }
}
