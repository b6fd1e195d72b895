using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.Tests;

/// <summary>
/// The Identity module's services as its start-up registers them, on a database that is never opened: for tests of
/// its password policy and form validators without a site.
/// </summary>
public sealed class IdentityServices : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "accreditation-identity-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider services;
    private readonly IServiceScope scope;

    /// <summary>Registers the module's services and opens a scope.</summary>
    public IdentityServices()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(new ModelContributions([]));
        collection.AddAccreditationData(new DatabaseSettings(DatabaseSettings.Sqlite, $"Data Source={Path.Combine(folder, "unused.db")}", folder));
        new Startup().ConfigureServices(new ModuleServices(collection, new ConfigurationBuilder().Build(), Manifest.Value));
        services = collection.BuildServiceProvider();
        scope = services.CreateScope();
    }

    /// <summary>The user manager, with every password validator the module registers.</summary>
    public UserManager<PlatformUser> Users => scope.ServiceProvider.GetRequiredService<UserManager<PlatformUser>>();

    /// <summary>A service of the scope.</summary>
    public T Get<T>()
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <inheritdoc />
    public void Dispose()
    {
        scope.Dispose();
        services.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
