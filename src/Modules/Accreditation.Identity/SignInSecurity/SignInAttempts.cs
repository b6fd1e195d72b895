using System.Net;
using System.Net.Sockets;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.SignInSecurity;

/// <summary>Failed sign-in attempts from one client address in one window of time.</summary>
public sealed class SignInFailureWindow
{
    /// <summary>The client: an IPv4 address or an IPv6 /64 network.</summary>
    public required string Client { get; set; }

    /// <summary>When the window started (seconds since 1970).</summary>
    public long WindowStart { get; set; }

    /// <summary>Failed attempts in the window.</summary>
    public int Failures { get; set; }

    /// <summary>The table.</summary>
    public static void Configure(ModelBuilder builder) => builder.Entity<SignInFailureWindow>(e =>
    {
        e.ToTable("SignInFailureWindows");
        e.HasKey(w => new { w.Client, w.WindowStart });
        e.Property(w => w.Client).HasMaxLength(64);
        e.HasIndex(w => w.WindowStart);
    });
}

/// <summary>
/// Failed sign-in attempts per client address, counted in the database so that every web node counts the same ones
/// (RateLimits:SignInFailuresPerAddress in RateLimits:SignInWindowMinutes, default 100 in 15 minutes: generous enough
/// for a council whose staff share one address). Only failures count: a busy office signing in correctly is never held
/// back. The count slides: the previous window's failures count in proportion to how much of it is still in view.
/// Each account has its own limit besides (Identity's lockout, also in the database).
/// </summary>
public sealed class SignInAttempts(AccreditationDbContext db, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Failures allowed per address per window.</summary>
    public int Limit { get; } = Math.Max(1, configuration.GetValue("RateLimits:SignInFailuresPerAddress", 100));

    /// <summary>The window.</summary>
    public TimeSpan Window { get; } = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("RateLimits:SignInWindowMinutes", 15)));

    /// <summary>
    /// The rate-limit partition of a client: its IPv4 address, or the /64 network of an IPv6 address (one household
    /// or device is normally given a whole /64, so single IPv6 addresses are too cheap to rotate).
    /// </summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>When the client may try again; null when it may now.</summary>
    public async Task<TimeSpan?> HeldBackForAsync(HttpContext http, CancellationToken ct = default)
    {
        var client = ClientPartition(http.Connection.RemoteIpAddress);
        var (current, previous, elapsed) = Windows();
        var counts = await db.Set<SignInFailureWindow>().AsNoTracking()
            .Where(w => w.Client == client && (w.WindowStart == current || w.WindowStart == previous))
            .ToDictionaryAsync(w => w.WindowStart, w => w.Failures, ct);
        var inCurrent = counts.GetValueOrDefault(current);
        var inPrevious = counts.GetValueOrDefault(previous);
        var weight = 1 - (elapsed / Window.TotalSeconds);
        if (inCurrent + (inPrevious * weight) < Limit)
        {
            return null;
        }

        // By the end of the current window the previous one has slid out of view.
        return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(Window.TotalSeconds - elapsed)));
    }

    /// <summary>Counts a failed attempt from the client (one atomic statement, whichever node).</summary>
    public async Task RecordFailureAsync(HttpContext http, CancellationToken ct = default)
    {
        var client = ClientPartition(http.Connection.RemoteIpAddress);
        var (current, previous, _) = Windows();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "SignInFailureWindows" ("Client", "WindowStart", "Failures") VALUES ({client}, {current}, 1)
            ON CONFLICT ("Client", "WindowStart") DO UPDATE SET "Failures" = "SignInFailureWindows"."Failures" + 1
            """, ct);
        await db.Set<SignInFailureWindow>().Where(w => w.WindowStart < previous).ExecuteDeleteAsync(ct);
    }

    private (long Current, long Previous, double Elapsed) Windows()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var length = (long)Window.TotalSeconds;
        var current = now - (now % length);
        return (current, current - length, now - current);
    }
}

/// <summary>
/// Refuses sign-in attempts (POSTs) with 429 and Retry-After while the client address has failed too often
/// (<see cref="SignInAttempts"/>); showing the form is never limited.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInAttemptLimitAttribute : Attribute, IAsyncPageFilter
{
    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method)
            && await http.RequestServices.GetRequiredService<SignInAttempts>().HeldBackForAsync(http, http.RequestAborted) is { } wait)
        {
            // No body: the status-code page says "Too many attempts" and how long to wait, in the site's layout.
            http.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Result = new StatusCodeResult(StatusCodes.Status429TooManyRequests);
            return;
        }

        await next();
    }
}
