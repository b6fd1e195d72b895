using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.Clients;
using Accreditation.Identity.Federation;
using Accreditation.Identity.OpenIdConnect;
using Accreditation.Identity.Passwords;
using Accreditation.Identity.People;
using Accreditation.Identity.Recipes;
using Accreditation.Identity.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity;

/// <summary>
/// Registers Identity: accounts on the shared database, password policy, lockout, deactivated accounts refused,
/// the must-change-password mark, cookies, roles and users steps.
/// </summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Identity.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddIdentity<PlatformUser, PlatformRole>(options =>
            {
                // NCSC/NIST: length and a block list, no composition rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<Core.Data.AccreditationDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<PasswordErrors>()
            .AddClaimsPrincipalFactory<PlatformClaimsPrincipalFactory>()
            .AddSignInManager<PlatformSignInManager>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.AccessDeniedPath = "/account/access-denied";
            options.Cookie.Name = "accreditation.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.KeepSignInMethodsWhenSessionsRefresh();

        module.AddPermissions(new Permissions());
        module.AddRecipeStep<RolesStep>();
        module.AddRecipeStep<UsersStep>();
        module.AddAdminMenu(new AdminMenuItem("Modules", "/admin/modules", Permissions.ManagePlatform, 900));
        services.AddScoped<IStartupTask, FirstAdminTask>();
        services.AddScoped<IStartupTask, BuiltInRolesTask>();
        module.AddPeople();

        module.AddOpenIdConnect();
        module.AddPermissions(new ClientPermissions());
        module.AddRecipeStep<OpenIdClientsStep>();
        module.AddAdminMenu(new AdminMenuItem("Client applications", "/admin/clients", ClientPermissions.ManageClients, 800));
        module.AddAdminMenu(new AdminMenuItem("Sign-in providers", "/admin/sign-in-providers", ClientPermissions.ManageClients, 810));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        OrganisationSignInProvider.Configure(modelBuilder);
        PeopleServices.ConfigurePeopleModel(modelBuilder);
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConnectEndpoints();
        endpoints.MapFederatedSignIn();
    }

}
