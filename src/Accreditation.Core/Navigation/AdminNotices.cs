using System.Security.Claims;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Navigation;

/// <summary>Something that needs an admin's attention, shown on the admin overview to people holding the permission.</summary>
/// <param name="Text">What is wrong and what to do, in plain words.</param>
/// <param name="Url">The page to act on it.</param>
/// <param name="Permission">Who sees it.</param>
public sealed record AdminNotice(string Text, string Url, string Permission);

/// <summary>A module's source of admin notices; registered with <see cref="ModuleServices.AddAdminNotices{TSource}"/>.</summary>
public interface IAdminNoticeSource
{
    /// <summary>The notices now.</summary>
    Task<IReadOnlyList<AdminNotice>> NoticesAsync(CancellationToken ct);
}

/// <summary>A notice source and the module that owns it.</summary>
public sealed record AdminNoticeRegistration(string ModuleId, Type SourceType);

/// <summary>The notices a person sees on the admin overview: from enabled modules, only those they hold the permission for.</summary>
public sealed class AdminNotices(IEnumerable<AdminNoticeRegistration> registrations, ModuleState modules, IServiceProvider services)
{
    /// <summary>The person's notices.</summary>
    public async Task<IReadOnlyList<AdminNotice>> ForAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var all = new List<AdminNotice>();
        foreach (var registration in registrations.Where(r => modules.IsEnabled(r.ModuleId)))
        {
            var source = (IAdminNoticeSource)services.GetRequiredService(registration.SourceType);
            all.AddRange((await source.NoticesAsync(ct)).Where(n => user.HasPermission(n.Permission)));
        }

        return all;
    }
}
