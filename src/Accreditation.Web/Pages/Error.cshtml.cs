using System.Data.Common;
using Accreditation.Core.Diagnostics;
using Accreditation.Core.Files;
using Accreditation.Core.Security;
using Accreditation.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Web.Pages;

/// <summary>The generic error page: no detail of the failure, a correlation id to quote to support.</summary>
[IgnoreAntiforgeryToken]
[AllowBeforePasswordChange]
public sealed class ErrorModel(ILogger<ErrorModel> logger, DatabaseOutageLog outages) : PageModel
{
    /// <summary>Page title.</summary>
    public string Title { get; private set; } = "Sorry, there is a problem with the service";

    /// <summary>What to tell the person.</summary>
    public string Message { get; private set; } = "Try again later.";

    /// <summary>The id that ties this page to the server's log entry.</summary>
    public string CorrelationId { get; private set; } = "";

    /// <summary>Whether to show the correlation id (server errors).</summary>
    public bool ShowCorrelation { get; private set; }

    /// <summary>Shows the error for a status code (or an unhandled exception when none).</summary>
    public IActionResult OnGet(int? code) => Show(code);

    /// <summary>Errors re-executed from a POST render the same page.</summary>
    public IActionResult OnPost(int? code) => Show(code);

    private PageResult Show(int? code)
    {
        CorrelationId = Correlation.IdOf(HttpContext) ?? "";
        // A re-executed POST whose form could not be read (too large, malformed) fails model binding, so fall back to
        // the status the request actually failed with rather than reporting a 500.
        var status = code ?? HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? StatusCodes.Status500InternalServerError;
        switch (status)
        {
            case MissingFile.Status when HttpContext.Features.Get<MissingFileNotice>() is { } missing:
                // The record exists but the bytes do not: say so, and give the reference that finds the logged warning.
                Title = MissingFile.Title;
                Message = missing.WhatToDo;
                ShowCorrelation = true;
                break;
            case StatusCodes.Status404NotFound:
                Title = "Page not found";
                Message = "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.";
                break;
            case StatusCodes.Status403Forbidden:
                Title = "You do not have access to this page";
                Message = "If you think you should, ask your organisation's administrator.";
                break;
            case StatusCodes.Status400BadRequest:
                Title = "Sorry, we could not process that request";
                Message = "Go back, refresh the page and try again.";
                break;
            case StatusCodes.Status409Conflict:
                Title = "Someone else changed this at the same time";
                Message = "Nothing you entered was saved over their change. Go back, reload the page and make your change again.";
                break;
            case StatusCodes.Status429TooManyRequests:
                Title = "Too many attempts";
                // The limiter says how long to wait in Retry-After (seconds): a minute for the token endpoint and
                // forgotten passwords, up to the sign-in window for sign-in attempts.
                var wait = int.TryParse(Response.Headers.RetryAfter.ToString(), out var seconds) ? (seconds + 59) / 60 : 1;
                Message = wait <= 1
                    ? "You have tried too many times in a short time. Wait a minute, then try again."
                    : $"You have tried too many times in a short time. Wait {wait} minutes, then try again, or reset your password.";
                break;
            default:
                ShowCorrelation = status >= 500;
                var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
                if (failure is not null && DatabaseUnavailable(failure.Error))
                {
                    // The database is down or restarting (an operator's restart, a failover): nothing is wrong with the
                    // request, so say the service is unavailable for now, as /health/ready does, and when to come back.
                    status = StatusCodes.Status503ServiceUnavailable;
                    Title = "Sorry, the service is unavailable";
                    Message = "Try again in a few minutes. What you saved before is safe; if you were saving something just now, check it was saved when the service is back.";
                    Response.Headers.RetryAfter = "60";
                    if (outages.ShouldLog(out var notLogged))
                    {
                        logger.LogError(failure.Error, "Database unavailable on {Path}; correlation id {CorrelationId}; {NotLogged} further requests failed the same way since the last entry",
                            failure.Path, CorrelationId, notLogged);
                    }
                    else
                    {
                        logger.LogDebug("Database unavailable on {Path}; correlation id {CorrelationId}", failure.Path, CorrelationId);
                    }

                    break;
                }

                if (failure is not null)
                {
                    logger.LogError(failure.Error, "Unhandled error on {Path}; correlation id {CorrelationId}", failure.Path, CorrelationId);
                }

                break;
        }

        Response.StatusCode = status;
        return Page();
    }

    /// <summary>
    /// Whether a failure is the database being out of reach rather than a fault: a connection that cannot be made or was
    /// cut (SQLSTATE class 08), a server shutting down or starting (57P01 to 57P03), or what the provider itself calls
    /// transient, found anywhere in the chain of inner exceptions (EF Core wraps them).
    /// </summary>
    public static bool DatabaseUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DbException db && (db.IsTransient || db.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03")))
            {
                return true;
            }

            if (e is System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
