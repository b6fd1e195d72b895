using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Core.Diagnostics;

/// <summary>
/// The id that ties what a person sees (the error page's reference) to the server's log entries and the audit trail
/// of the same request: the W3C trace id of the request's activity.
/// </summary>
public static class Correlation
{
    /// <summary>The log scope key under which every log entry of a request carries the id.</summary>
    public const string ScopeKey = "CorrelationId";

    /// <summary>The current request's correlation id, or null outside a request.</summary>
    public static string? IdOf(HttpContext? context) =>
        Activity.Current is { } activity && activity.TraceId != default
            ? activity.TraceId.ToHexString()
            : context?.TraceIdentifier;
}
