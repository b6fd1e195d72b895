using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Accreditation.Core.Data;

/// <summary>
/// Sets SQLite up for a web server on every connection: WAL so readers never block the writer,
/// synchronous=FULL so a committed write survives power loss, a busy timeout instead of instant "database is locked",
/// foreign keys on, and secure_delete, so a deleted row (an erased person's) is overwritten in the file rather than left
/// in free pages.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The pragmas run on every opened connection.</summary>
    public const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
