namespace Accreditation.Core.Cluster;

/// <summary>
/// Who runs a background task now. One row per task; the node holding an unexpired lease is the only one that runs it,
/// and renews it while it does; when a node dies its lease runs out and another node takes the task over.
/// </summary>
public sealed class BackgroundLease
{
    /// <summary>The longest holder name kept.</summary>
    public const int HolderLength = 200;

    /// <summary>The task's name (its module and type).</summary>
    public required string Name { get; set; }

    /// <summary>The node holding the lease (<see cref="NodeIdentity.Name"/>).</summary>
    public string Holder { get; set; } = "";

    /// <summary>When the lease runs out unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the holder last took or renewed it.</summary>
    public DateTimeOffset RenewedAt { get; set; }
}
