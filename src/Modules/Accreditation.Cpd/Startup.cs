using Accreditation.Core.Contracts;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Export;
using Accreditation.Cpd.Recipes;
using Accreditation.Cpd.Records;
using Accreditation.Cpd.Reminders;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd;

/// <summary>Registers the CPD module: its tables, records, contracts for other modules and the API, reminders, pages and downloads.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Cpd.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddSingleton<CpdFileStore>();
        services.AddScoped<StatementOptions>();
        services.AddScoped<CpdRecords>();
        services.AddScoped<CpdAttachments>();
        services.AddScoped<CpdYears>();
        services.AddScoped<ICpdYears>(sp => sp.GetRequiredService<CpdYears>());
        services.AddScoped<ICpdSummarySource>(sp => sp.GetRequiredService<CpdYears>());
        services.AddScoped<ICpdDrafts, CpdDrafts>();
        module.AddBackgroundTask<CpdReminders>();
        module.AddBackgroundTask<CpdSketchFill>();
        module.AddPersonalData<Privacy.CpdPersonalData>();
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<CpdRecordsStep>();
        module.AddNavigation(new NavigationItem("Your CPD", "/Cpd/Index", Permissions.RecordCpd, 25));
        module.AddAdminMenu(new AdminMenuItem("CPD in your organisation", "/Organisation/Cpd", Permissions.OverseeOrganisation, 35));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => CpdModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapCpdDownloads();
}
