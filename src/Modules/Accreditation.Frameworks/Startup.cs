using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks.Data;
using Accreditation.Frameworks.Documents;
using Accreditation.Frameworks.Recipes;
using Accreditation.Frameworks.Versioning;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Frameworks;

/// <summary>Registers the Frameworks module: its tables, catalog contract, versioning, recipe step, pages and export endpoint.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Frameworks.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<IFrameworkCatalog, FrameworkCatalog>();
        services.AddScoped<FrameworkImport>();
        services.AddScoped<FrameworkVersioning>();

        module.AddPersonalData<Privacy.FrameworksPersonalData>();
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<FrameworksStep>();
        module.AddAdminMenu(new AdminMenuItem("Frameworks", "/Admin/Frameworks/Index", Permissions.ManageFrameworks, 200));
        module.AddNavigation(new NavigationItem("Frameworks", "/Frameworks/Index", Public: true));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => FrameworksModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapFrameworkExport();
}
