using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Core.Web;
using Accreditation.Identity.Accounts;
using Accreditation.Identity.Clients;
using Accreditation.Identity.Federation;
using Accreditation.Identity.OpenIdConnect;
using Accreditation.Identity.Passwords;
using Accreditation.Identity.Passkeys;
using Accreditation.Identity.People;
using Accreditation.Identity.Recipes;
using Accreditation.Identity.Setup;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
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
                options.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.ProviderName;
            })
            .AddEntityFrameworkStores<Core.Data.AccreditationDbContext>()
            .AddUserStore<PlatformUserStore>()
            .AddUserManager<PlatformUserManager>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.ProviderName)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<PasswordErrors>()
            .AddClaimsPrincipalFactory<PlatformClaimsPrincipalFactory>()
            .AddSignInManager<PlatformSignInManager>();

        // Passkeys must verify the person (PIN or biometric) so that one counts as two factors, and must be
        // discoverable so that signing in with one needs no email address first.
        // The relying party is the site's one address (Site:BaseUrl), never the Host a request names: a passkey is
        // bound to that domain, and a forged Host can neither create nor use one for another.
        services.AddOptions<IdentityPasskeyOptions>().Configure<SiteAddress>((o, site) =>
        {
            o.UserVerificationRequirement = "required";
            o.ResidentKeyRequirement = "required";
            o.ServerDomain = site.Host;
        });
        services.AddSessionCookies();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddScoped<SignInAttempts>();
        services.AddSingleton<RecentSignIn>();
        services.AddSingleton<DummyPassword>();
        services.AddScoped<PasswordStep>();
        services.AddScoped<IStartupTask, TwoFactorSecretsUpgrade>();
        services.KeepSignInMethodsWhenSessionsRefresh();

        module.AddPermissions(new Permissions());
        module.AddRecipeStep<RolesStep>();
        module.AddRecipeStep<UsersStep>();
        module.AddAdminMenu(new AdminMenuItem("Modules", "/Admin/Modules", Permissions.ManagePlatform, 900));
        services.AddScoped<IStartupTask, FirstAdminTask>();
        services.AddScoped<IStartupTask, BuiltInRolesTask>();
        module.AddPeople();

        module.AddOpenIdConnect();
        module.AddPermissions(new ClientPermissions());
        module.AddRecipeStep<OpenIdClientsStep>();
        module.AddAdminMenu(new AdminMenuItem("Client applications", "/Admin/Clients/Index", ClientPermissions.ManageClients, 800));
        module.AddAdminMenu(new AdminMenuItem("Sign-in providers", "/Admin/SignInProviders/Index", ClientPermissions.ManageClients, 810));
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.UseOpenIddict();
        OrganisationSignInProvider.Configure(modelBuilder);
        AuthenticatorCodeUse.Configure(modelBuilder);
        SignInFailureWindow.Configure(modelBuilder);
        PeopleServices.ConfigurePeopleModel(modelBuilder);
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapConnectEndpoints();
        endpoints.MapFederatedSignIn();
        endpoints.MapPasskeyEndpoints();
    }

}
