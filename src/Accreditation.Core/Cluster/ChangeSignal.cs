namespace Accreditation.Core.Cluster;

/// <summary>
/// A counter per kind of shared state ("modules", "settings", "menus"...) that goes up with every change to it, so
/// each node can see that what it keeps in memory is out of date (<see cref="ChangeSignalWatcher"/>).
/// </summary>
public sealed class ChangeSignal
{
    /// <summary>The longest topic name.</summary>
    public const int TopicLength = 100;

    /// <summary>What changed.</summary>
    public required string Topic { get; set; }

    /// <summary>How many changes there have been.</summary>
    public long Version { get; set; }
}

/// <summary>
/// What a node does when another node (or this one) changes a kind of shared state: typically forget a cache. Modules
/// register one per topic they keep in memory.
/// </summary>
/// <param name="Topic">The topic it follows.</param>
/// <param name="Changed">Called with the root services when the topic's counter moves.</param>
public sealed record ChangeListener(string Topic, Action<IServiceProvider> Changed);

/// <summary>The topics the kernel announces.</summary>
public static class ChangeTopics
{
    /// <summary>Modules switched on or off.</summary>
    public const string Modules = "modules";

    /// <summary>Site-wide settings.</summary>
    public const string Settings = "settings";
}
