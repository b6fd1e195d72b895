namespace Accreditation.Web.Infrastructure;

/// <summary>
/// Decides which requests failing on an unreachable database get a full error entry in the server log: the first of an
/// outage, then one a minute saying how many failed meanwhile. During an outage every request fails the same way, and
/// an entry with a stack trace for each would bury the one that says when it began and drown other entries.
/// </summary>
public sealed class DatabaseOutageLog(TimeProvider clock)
{
    /// <summary>The least time between two full entries.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset? lastEntry;
    private int notLogged;

    /// <summary>
    /// Records one failed request; true when it should get a full entry, with how many failures since the last full
    /// entry did not get one.
    /// </summary>
    public bool ShouldLog(out int notLoggedSince)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            if (lastEntry is { } last && now - last < Interval)
            {
                notLogged++;
                notLoggedSince = 0;
                return false;
            }

            lastEntry = now;
            notLoggedSince = notLogged;
            notLogged = 0;
            return true;
        }
    }
}
