using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Research.Api;
using Accreditation.Research.Contracts;
using Accreditation.Research.Imports;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Recipes;
using Accreditation.Research.SavedSearches;
using Accreditation.Research.Search;
using Accreditation.Research.Semantic;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research;

/// <summary>Registers the research library: items, index worker, search, imports, pages, API, admin menu and recipe step.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Research.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddSingleton(sp => new ResearchIndex(Path.Combine(sp.GetRequiredService<DatabaseSettings>().AppDataPath, "index", "research")));
        services.AddSingleton<GlossarySource>();
        module.AddChangeListener(GlossarySource.Topic, sp => sp.GetRequiredService<GlossarySource>().Reset());
        // Search by meaning (sentence embeddings fused with BM25): on unless Research:Semantic:Enabled is false; the
        // model loads on first use, and without it search ranks by words alone.
        services.AddSingleton(sp => new SemanticModel(sp.GetRequiredService<IConfiguration>().GetValue("Research:Semantic:Enabled", true)));
        services.AddSingleton<IResearchSearch, ResearchSearch>();
        services.AddScoped<ResearchLibrary>();
        services.AddScoped<LibraryImporter>();
        services.AddScoped<IndexRebuildCommand>();
        services.AddSingleton<IStatementResources, StatementResourcesSource>();
        services.AddScoped<SavedSearchAlerts>();
        services.AddSingleton<ImportUploads>();
        services.AddScoped<ResearchPruning>();
        module.AddBackgroundTask<IndexWorker>();
        module.AddBackgroundTask<EmbeddingWorker>();
        module.AddBackgroundTask<SavedSearchAlertTask>();
        module.AddBackgroundTask<ResearchPruningTask>();
        module.AddPersonalData<Privacy.ResearchPersonalData>();
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<ResearchLibraryStep>();
        module.AddNavigation(new NavigationItem("Research", "/Research/Index", Order: 30, Public: true));
        module.AddAdminMenu(new AdminMenuItem("Research library", "/Admin/Research/Index", Permissions.EditLibrary, 300));
        module.AddAdminMenu(new AdminMenuItem("Research import", "/Admin/Research/Import", Permissions.EditLibrary, 310));
        module.AddAdminMenu(new AdminMenuItem("Research glossary", "/Admin/Research/Glossary", Permissions.EditLibrary, 320));
        module.AddAdminMenu(new AdminMenuItem("Research topics and evidence", "/Admin/Research/Taxonomy", Permissions.EditLibrary, 330));
        module.AddAdminMenu(new AdminMenuItem("Research index", "/Admin/Research/IndexStatus", Permissions.EditLibrary, 340));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => ResearchModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapResearchApi();
}
