using Accreditation.Core.Contracts;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Marking.Allocation;
using Accreditation.Marking.Appeals;
using Accreditation.Marking.Certificates;
using Accreditation.Marking.Data;
using Accreditation.Marking.Work;
using Accreditation.Marking.Recipes;
using Accreditation.Marking.Release;
using Accreditation.Marking.Reports;
using Accreditation.Marking.Rubrics;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking;

/// <summary>Registers the Marking module: its tables, services, contracts, permissions, menus, recipe step, background allocation and endpoints.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Marking.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<RubricCatalog>();
        services.AddScoped<DecisionRules>();
        services.AddScoped<MarkingAllocation>();
        services.AddSingleton<SecondMarkingSample>();
        services.AddScoped<MarkingWork>();
        services.AddScoped<Moderation>();
        services.AddScoped<Awards>();
        services.AddScoped<IAccreditationAwards>(sp => sp.GetRequiredService<Awards>());
        services.AddScoped<IAccreditationStatusSource>(sp => sp.GetRequiredService<Awards>());
        services.AddScoped<Decisions.AwardComponents>();
        services.AddScoped<DecisionRelease>();
        services.AddScoped<Appeals.Appeals>();
        services.AddScoped<ModerationReport>();
        services.AddSingleton<ModerationReportCache>();
        services.AddSingleton<CredentialKeys>();
        services.AddScoped<OpenBadges>();

        module.AddPersonalData<Privacy.MarkingPersonalData>();
        module.AddRetention<Privacy.MarkingRetention>(Privacy.MarkingRetention.DecidedEvidenceFiles);
        module.AddRetention<Privacy.MarkingRetention>(Privacy.MarkingRetention.ErasedAwardRecords);
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<RubricsStep>();
        module.AddRecipeStep<DecisionRulesStep>();
        module.AddAdminNotices<Decisions.ModerationNotices>();
        module.AddBackgroundTask<AllocationTask>();
        module.AddNavigation(new NavigationItem("Marking", "/Marking/Index", Permissions.Mark, 50));
        module.AddAdminMenu(new AdminMenuItem("Moderation and release", "/Lead/Index", Permissions.Lead, 50));
        module.AddNavigation(new NavigationItem("Your results", "/Results/Index", Permissions.ViewOwnResults, 25));
        module.AddAdminMenu(new AdminMenuItem("Decision rules and rubrics", "/Admin/Marking/Index", Permissions.ManageRules, 320));
        module.AddAdminMenu(new AdminMenuItem("Certificates", "/Admin/Certificates/Index", Permissions.ManageCertificates, 330));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => MarkingModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapMarkingEndpoints();
}
