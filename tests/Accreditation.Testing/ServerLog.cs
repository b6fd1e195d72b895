using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Accreditation.Testing;

/// <summary>One entry the server logged, with its structured values and every scope it was written in.</summary>
public sealed record LogRecord(
    LogLevel Level,
    string Category,
    string Message,
    Exception? Exception,
    IReadOnlyDictionary<string, object?> Values,
    IReadOnlyDictionary<string, object?> Scopes);

/// <summary>Records everything the server logs, scopes included (the request's trace and correlation ids, path).</summary>
public sealed class ServerLog : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>The entries, oldest first.</summary>
    public ConcurrentQueue<LogRecord> Entries { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, this);

    /// <inheritdoc />
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ServerLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => log.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }

            var scopeValues = new Dictionary<string, object?>();
            log.scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs)
                    {
                        into[key] = value;
                    }
                }
            }, scopeValues);

            log.Entries.Enqueue(new LogRecord(logLevel, category, formatter(state, exception), exception, values, scopeValues));
        }
    }
}
