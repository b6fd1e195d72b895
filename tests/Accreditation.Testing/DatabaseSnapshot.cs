using System.Globalization;
using System.Text;
using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing;

/// <summary>Every row of every table of the model as text, to prove an operation changed nothing (or something).</summary>
public static class DatabaseSnapshot
{
    // Which node holds each background task's lease moves by itself while a site runs (leases are taken and renewed
    // on the tasks' rounds): it is the nodes' coordination, not data an operation changes.
    private static readonly HashSet<string> NodesOwn = new(StringComparer.Ordinal) { "BackgroundLeases" };

    /// <summary>Takes the snapshot: table name to its rows, each row rendered and the rows sorted.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TakeAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var tables = db.Model.GetEntityTypes()
            .Select(t => t.GetTableName())
            .Where(t => t is not null && !NodesOwn.Contains(t))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var result = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    var row = new StringBuilder();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row.Append(reader.GetName(i)).Append('=').Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                    }

                    rows.Add(row.ToString());
                }

                rows.Sort(StringComparer.Ordinal);
                result[table!] = rows;
            }

            return result;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Describes the differences between two snapshots (empty when equal).</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, IReadOnlyList<string>> before, IReadOnlyDictionary<string, IReadOnlyList<string>> after)
    {
        var differences = new List<string>();
        foreach (var table in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var a = before.TryGetValue(table, out var x) ? x : [];
            var b = after.TryGetValue(table, out var y) ? y : [];
            differences.AddRange(a.Except(b).Select(r => $"{table} lost: {r}"));
            differences.AddRange(b.Except(a).Select(r => $"{table} gained: {r}"));
        }

        return differences;
    }
}
