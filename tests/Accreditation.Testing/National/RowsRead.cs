using System.Collections.Concurrent;
using System.Data.Common;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing.National;

/// <summary>One SQL command a request ran, with its parameters as sent (to ask the database for its plan).</summary>
public sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object? Value, System.Data.DbType Type)> Parameters);

/// <summary>What one HTTP request read from the database.</summary>
public sealed record RequestReads(string Path, int Status, long Rows, int Commands, IReadOnlyList<RecordedCommand> Recorded);

/// <summary>
/// Counts the rows EF Core reads (DbDataReader.Read calls) during each HTTP request, and on request records the SQL a
/// request ran: a page that materialises an unbounded number of rows shows up as a count that grows with the data.
/// </summary>
public sealed class RowsRead : DbCommandInterceptor, IStartupFilter
{
    private static readonly AsyncLocal<Tally?> Current = new();

    /// <summary>Every request seen, newest last.</summary>
    public ConcurrentQueue<RequestReads> Requests { get; } = new();

    /// <summary>Whether requests record their SQL as well as count rows (for query plans; off while timing).</summary>
    public bool RecordCommands { get; set; }

    /// <summary>Adds the counter to the site: the interceptor on both providers' contexts, and the per-request tally first in the pipeline.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<IStartupFilter>(this);
        services.ConfigureDbContext<SqliteAccreditationDbContext>(o => o.AddInterceptors(this));
        services.ConfigureDbContext<PostgreSqlAccreditationDbContext>(o => o.AddInterceptors(this));
    }

    /// <summary>The reads of the last request to a path (and query), or null when none was seen.</summary>
    public RequestReads? Last(string pathAndQuery) => Requests.LastOrDefault(r => r.Path == pathAndQuery);

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var tally = new Tally(RecordCommands);
            Current.Value = tally;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                Current.Value = null;
                Requests.Enqueue(new RequestReads(context.Request.Path + context.Request.QueryString, context.Response.StatusCode, Interlocked.Read(ref tally.Rows), tally.Commands, [.. tally.Recorded]));
                while (Requests.Count > 10_000)
                {
                    Requests.TryDequeue(out _);
                }
            }
        });
        next(app);
    };

    /// <inheritdoc />
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    /// <inheritdoc />
    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    /// <inheritdoc />
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        if (Current.Value is { } tally)
        {
            Interlocked.Add(ref tally.Rows, eventData.ReadCount);
        }

        return result;
    }

    private static void Record(DbCommand command)
    {
        if (Current.Value is not { } tally)
        {
            return;
        }

        Interlocked.Increment(ref tally.Commands);
        if (tally.RecordCommands)
        {
            tally.Recorded.Enqueue(new RecordedCommand(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value, p.DbType)).ToList()));
        }
    }

    private sealed class Tally(bool record)
    {
        public long Rows;
        public int Commands;

        public bool RecordCommands { get; } = record;

        public ConcurrentQueue<RecordedCommand> Recorded { get; } = new();
    }
}
