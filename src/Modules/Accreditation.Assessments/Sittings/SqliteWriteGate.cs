using Accreditation.Core.Data;

namespace Accreditation.Assessments.Sittings;

/// <summary>
/// Lets one sitting write at a time into SQLite. SQLite has a single writer; without this, concurrent saves wait in
/// SQLite's busy handler, which sleeps in growing steps and gives long latency tails under load. Queued here they wait
/// only for the write ahead of them. PostgreSQL needs no gate.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Waits for the gate on SQLite (nothing on PostgreSQL); dispose the result to leave it.</summary>
    public async Task<IDisposable> EnterAsync(AccreditationDbContext db, CancellationToken ct)
    {
        if (db.IsPostgreSql)
        {
            return Released.Instance;
        }

        await gate.WaitAsync(ct);
        return new Exit(gate);
    }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class Released : IDisposable
    {
        public static readonly Released Instance = new();

        public void Dispose()
        {
        }
    }
}
