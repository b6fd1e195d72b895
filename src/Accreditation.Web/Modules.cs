using Accreditation.Core.Modules;

namespace Accreditation.Web;

/// <summary>Every module compiled into this host, in the order the host lists them.</summary>
public static class HostModules
{
    /// <summary>New instances of every module's startup.</summary>
    public static IReadOnlyList<ModuleStartup> All() =>
    [
        new Identity.Startup(),
        new Frameworks.Startup(),
        new Notifications.Startup(),
        new Research.Startup(),
        new Api.Startup(),
        new Publishing.Startup(),
        new Portfolios.Startup(),
        new Cpd.Startup(),
        new Marking.Startup(),
        new Assessments.Startup(),
        new Privacy.Startup(),
    ];
}
