using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Requests;
using Accreditation.Privacy.Retention;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Privacy;

/// <summary>Registers the Privacy module: requests, the copies' download, erasure, the retention schedule and their pages.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Privacy.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddSingleton<PrivacyCopyStore>();
        services.AddScoped<PrivacyRequests>();
        services.AddScoped<PrivacyRequestProcessor>();
        services.AddScoped<RetentionRunner>();

        module.AddPersonalData<PrivacyRequestsPersonalData>();
        module.AddRetention<PrivacyRequestRetention>(PrivacyRequestRetention.Kind);
        module.AddBackgroundTask<PrivacyTask>();
        module.AddPermissions(new Permissions());
        module.AddAdminMenu(new AdminMenuItem("Personal data requests", "/Admin/Privacy/Index", Permissions.ManagePersonalData, 850));
        module.AddAdminMenu(new AdminMenuItem("Retention schedule", "/Admin/Privacy/Retention", Permissions.ManagePersonalData, 860));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => PrivacyModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapPrivacyDownloads();
}
