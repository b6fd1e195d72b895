using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Core.Modules;

/// <summary>The one class per module that registers everything the module brings to the host.</summary>
public abstract class ModuleStartup
{
    /// <summary>The module's manifest (normally the static value in its Manifest.cs).</summary>
    public abstract ModuleManifest Manifest { get; }

    /// <summary>Registers services, permissions, admin menu entries, recipe steps and background tasks.</summary>
    public virtual void ConfigureServices(ModuleServices module)
    {
    }

    /// <summary>Adds the module's entity configurations to the shared model.</summary>
    public virtual void ConfigureModel(ModelBuilder modelBuilder)
    {
    }

    /// <summary>Maps the module's minimal-API endpoints (Razor Pages are discovered from the assembly).</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
