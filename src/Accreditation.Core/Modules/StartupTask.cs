namespace Accreditation.Core.Modules;

/// <summary>Work done once at start-up after migrations and before the site takes requests (setup recipe, first admin).</summary>
public interface IStartupTask
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    /// <summary>Runs in its own scope.</summary>
    Task RunAsync(IServiceProvider services, CancellationToken ct);
}
