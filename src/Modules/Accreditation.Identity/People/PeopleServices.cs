using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.Recipes;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.People;

/// <summary>
/// Registers organisations, people administration, invitations, password reset and two-factor authentication: their
/// services, recipe step, admin menu entries and tables.
/// </summary>
public static class PeopleServices
{
    /// <summary>Adds the services, the organisations step and the menu entries.</summary>
    public static void AddPeople(this ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<IOrganisationDirectory, OrganisationDirectory>();
        services.AddScoped<IPeopleDirectory, PeopleDirectory>();
        services.AddScoped<IAccountClosure, AccountClosure>();
        services.AddScoped<OrganisationImport>();
        services.AddScoped<PeopleAdministration>();
        services.AddScoped<InvitationService>();
        services.AddScoped<AccountEmails>();
        services.AddSingleton<UndeliveredAccountEmails>();
        services.AddSingleton<TwoFactorRequirement>();

        // Password-reset links work for 3 hours (Identity's default is a day).
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(3));

        module.AddPersonalData<IdentityPersonalData>();
        module.AddRetention<InvitationRetention>(InvitationRetention.Kind);
        module.AddRecipeStep<OrganisationsStep>();
        module.AddAdminMenu(new AdminMenuItem("People", "/Admin/People/Index", Permissions.ManageOrganisationUsers, 100));
        module.AddAdminMenu(new AdminMenuItem("Organisations", "/Admin/Organisations/Index", Permissions.ManageOrganisations, 110));
    }

    /// <summary>Adds the Organisations and Invitations tables.</summary>
    public static void ConfigurePeopleModel(ModelBuilder builder)
    {
        OrganisationsModel.Configure(builder);
        InvitationsModel.Configure(builder);
    }
}
