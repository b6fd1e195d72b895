using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Export;
using Accreditation.Portfolios.Programmes;
using Accreditation.Portfolios.Recipes;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Portfolios;

/// <summary>Registers the Portfolios module: its tables, services, snapshot contract, permissions, menus, recipe step and downloads.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Portfolios.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.Configure<PortfolioUploadOptions>(o =>
        {
            if (long.TryParse(module.Configuration["Portfolios:MaxUploadBytes"], out var max) && max > 0)
            {
                o.MaxUploadBytes = Math.Min(max, UploadLimitsForRequests.MaxRequestBytes - (1024 * 1024));
            }

            if (long.TryParse(module.Configuration["Portfolios:StorageQuotaBytes"], out var quota) && quota > 0)
            {
                o.StorageQuotaBytes = quota;
            }
        });
        services.AddSingleton<PortfolioFileStore>();
        services.AddScoped<CandidatePortfolio>();
        services.AddScoped<EvidenceEditor>();
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<ProgrammeCatalog>();
        services.AddScoped<EndorsementRequests>();
        services.AddScoped<PortfolioSubmission>();
        services.AddSingleton<Privacy.PrivacyScanCache>();
        services.AddScoped<PortfolioExport>();
        services.AddScoped<ISubmissionSnapshots, SubmissionSnapshots>();
        services.AddScoped<IProgrammeDirectory, ProgrammeDirectory>();
        services.AddScoped<IEnrolments, Enrolments>();

        services.AddScoped<Privacy.PortfolioDeletion>();
        services.AddScoped<IPortfolioFileRemoval, Privacy.PortfolioFileRemoval>();
        module.AddPersonalData<Privacy.PortfolioPersonalData>();
        module.AddRetention<Privacy.UntouchedPortfolioRetention>(Privacy.UntouchedPortfolioRetention.Kind);
        module.AddSecretPath("/endorse/{token}");
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<ProgrammesStep>();
        module.AddAdminMenu(new AdminMenuItem("Programmes", "/Admin/Programmes/Index", Permissions.ManageProgrammes, 300));
        module.AddNavigation(new NavigationItem("Your portfolio", "/Portfolio/Index", Permissions.BuildPortfolio, 20));
        // After marking: someone holding every role keeps their own work and marking within the six entries.
        module.AddNavigation(new NavigationItem("Your endorsements", "/Endorsements/Index", Permissions.Endorse, 55));
        module.AddAdminMenu(new AdminMenuItem("Your organisation's candidates", "/Organisation/Portfolios", Permissions.OverseeOrganisation, 30));
        module.AddAdminMenu(new AdminMenuItem("Endorsement requests", "/Organisation/Endorsements", Permissions.OverseeOrganisation, 31));
        module.AddAdminMenu(new AdminMenuItem("Reasonable adjustments", "/Lead/Adjustments", Permissions.ViewAdjustments, 65));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => PortfoliosModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapPortfolioDownloads();
}

/// <summary>The request size the upload page accepts: room above the largest file for the form's other fields.</summary>
public static class UploadLimitsForRequests
{
    /// <summary>Largest upload request, in bytes (a configured file limit above this is capped below it).</summary>
    public const long MaxRequestBytes = 105L * 1024 * 1024;
}
