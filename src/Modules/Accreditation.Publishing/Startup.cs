using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Templates;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Feeds;
using Accreditation.Publishing.Recipes;
using Accreditation.Publishing.Subscriptions;
using Accreditation.Publishing.Workflow;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing;

/// <summary>Registers the Publishing module: tables, workflow, mailers, background tasks, feed, recipe step and pages.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Publishing.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddSingleton<MarkdownRenderer>();
        services.AddAuthorizationBuilder().AddPolicy(Permissions.AreaPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Permissions.MayUseArea(c.User)));
        services.AddScoped<PublishingWorkflow>();
        services.AddScoped<PageViews>();
        services.AddScoped<Menus.SiteMenus>();
        services.AddSingleton<Menus.MenuLinksCache>();
        module.AddChangeListener(Menus.MenuLinksCache.Topic, sp => sp.GetRequiredService<Menus.MenuLinksCache>().Invalidate());
        services.AddSingleton<Media.MediaFileStore>();
        services.AddScoped<Media.MediaLibrary>();
        services.AddScoped<Search.PublicationSearch>();
        services.AddScoped<ISiteMenus>(sp => sp.GetRequiredService<Menus.SiteMenus>());
        services.AddScoped<Readers>();
        services.AddScoped<UnsubscribeTokens>();
        services.AddScoped<UpdateMailer>();
        services.AddScoped<WeeklyDigest>();
        services.AddSingleton(ShippedEmailTemplate.FromResources(typeof(Startup).Assembly, UpdateMailer.Template,
            "A practice update, sent when it is published to immediate subscribers (and to everyone it is for when it is important)."));
        services.AddSingleton(ShippedEmailTemplate.FromResources(typeof(Startup).Assembly, WeeklyDigest.Template,
            "The weekly digest of practice updates."));

        module.AddPersonalData<Privacy.PublishingPersonalData>();
        module.AddSecretPath("/updates/unsubscribe/{token}");
        module.AddPermissions(new Permissions());
        module.AddRecipeStep<PagesStep>();
        module.AddRecipeStep<MenusStep>();
        module.AddAdminMenu(new AdminMenuItem("Practice updates", "/Admin/Publishing/Index", Permissions.Publish, 300));
        module.AddAdminMenu(new AdminMenuItem("Practice updates", "/Admin/Publishing/Index", Permissions.Edit, 300));
        module.AddAdminMenu(new AdminMenuItem("Practice updates", "/Admin/Publishing/Index", Permissions.Review, 300));
        module.AddAdminMenu(new AdminMenuItem("Menus", "/Admin/Menus/Index", Permissions.ManageMenus, 310));
        module.AddAdminMenu(new AdminMenuItem("Media", "/Admin/Media/Index", Permissions.Publish, 305));
        module.AddAdminMenu(new AdminMenuItem("Media", "/Admin/Media/Index", Permissions.Edit, 305));
        module.AddNavigation(new NavigationItem("Practice updates", "/Updates/Index", Order: 150, Public: true));
        module.AddBackgroundTask<ScheduledPublishingTask>();
        module.AddBackgroundTask<WeeklyDigestTask>();
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder) => PublishingModel.Configure(modelBuilder);

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAtomFeed();
        Media.MediaEndpoints.MapMedia(endpoints);
    }
}
