using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;

namespace Accreditation.Web;

/// <summary>The admin pages the host itself owns (site settings), outside any module.</summary>
public static class HostAdmin
{
    /// <summary>Registers the host's admin menu entries.</summary>
    public static IServiceCollection AddHostAdmin(this IServiceCollection services)
    {
        services.AddSingleton(new AdminMenuRegistration(ModuleHost.CoreModuleId,
            new AdminMenuItem("Site settings", "/Admin/Settings", Identity.Permissions.ManagePlatform, 890)));
        return services;
    }
}
