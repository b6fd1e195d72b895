using Accreditation.Assessments.Bank;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Sittings;
using Accreditation.Core.Contracts;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments;

/// <summary>Registers the knowledge assessment: its tables, services, release listener, background task, API, permissions and menus.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Assessments.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<QuestionBank>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<IOptionTokenSource, RandomOptionTokens>();
        services.AddScoped<SittingService>();
        services.AddScoped<IAccreditationComponent, KnowledgeAssessmentComponent>();
        services.AddScoped<Statistics.StatisticsQuery>();
        services.AddScoped<IDecisionReleaseListener, AssessmentResultRelease>();
        module.AddBackgroundTask<ExpiredSittingsTask>();
        module.AddPersonalData<Privacy.AssessmentPersonalData>();
        module.AddRetention<Privacy.SittingRetention>(Privacy.SittingRetention.Kind);
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<Recipes.AssessmentStep>();
        module.AddAdminMenu(new AdminMenuItem("Question bank", "/Assessment/Bank/Index", Permissions.Author, 320));
        module.AddNavigation(new NavigationItem("Knowledge assessment", "/Assessment/Index", Permissions.Sit, 25));
        module.AddAdminMenu(new AdminMenuItem("Knowledge assessment: blueprints and results", "/Assessment/Lead/Index", Permissions.Lead, 60));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => AssessmentModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAssessmentApi();
}
