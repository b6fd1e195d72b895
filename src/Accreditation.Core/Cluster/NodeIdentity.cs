namespace Accreditation.Core.Cluster;

/// <summary>
/// This process among the site's nodes: the name it holds background-task leases under. Unique per process start, so a
/// restarted node does not mistake a lease its previous life held for its own.
/// </summary>
public sealed class NodeIdentity
{
    /// <summary>Creates the identity from the machine, the process and a fresh id.</summary>
    public NodeIdentity(Time.IIdSource ids)
    {
        var name = $"{Environment.MachineName}/{Environment.ProcessId}/{ids.NewId():N}";
        Name = name.Length > BackgroundLease.HolderLength ? name[^BackgroundLease.HolderLength..] : name;
    }

    /// <summary>The node's name, shown as a lease's holder.</summary>
    public string Name { get; }
}
