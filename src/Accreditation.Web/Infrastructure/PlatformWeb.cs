using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Accreditation.Core.Diagnostics;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Web.Infrastructure;

/// <summary>What every request goes through: authentication defaults, security headers, rate limits, health, errors.</summary>
public static class PlatformWeb
{
    /// <summary>The rate-limiter policy on sign-in attempts (RateLimits:SignInPerMinute per client address).</summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>
    /// The content security policy: scripts, styles and everything else only from this site, never inline, and the
    /// site may not be framed.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// The policy on the pages whose form ends in a redirect to another site: signing in or consenting during an
    /// OpenID Connect authorization, and signing out of one (browsers check form-action on every redirect after a
    /// form is sent, so 'self' alone would block the hop back to the client's registered https redirect URI).
    /// </summary>
    public const string SignInContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self' https:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>Registers the cross-cutting services.</summary>
    public static WebApplicationBuilder AddPlatformWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddLogging(builder);
        builder.AddPlatformDataProtection();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "accreditation.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "X-CSRF-TOKEN";
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            var permits = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 5);
            // Only attempts (POST) count; showing the form is free.
            options.AddPolicy(SignInPolicy, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    ClientPartition(context.Connection.RemoteIpAddress),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("get"));
            options.OnRejected = (context, _) =>
            {
                // No body: the status-code page renders "Too many attempts" in the site's layout.
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Behind a load balancer or reverse proxy, name it so the client's own address (rate limits, audit
            // trail) and scheme (HSTS, secure cookies) are taken from its X-Forwarded-* headers. Loopback stays trusted.
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        return builder;
    }

    /// <summary>The middleware pipeline, in order.</summary>
    public static WebApplication UsePlatformWeb(this WebApplication app)
    {
        app.Use(SecurityHeaders);
        app.UseForwardedHeaders();
        app.Use(CorrelationScope);
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(ConcurrencyConflicts);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.Use(UnknownAddresses);
        app.UsePasswordChangeGate();
        app.UseTwoFactorGate();
        app.UseAuthorization();
        app.UseModuleGate();
        return app;
    }

    /// <summary>Health endpoints: live (the process answers) and ready (the database answers).</summary>
    public static void MapPlatformEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }

    /// <summary>
    /// The rate-limit partition of a client: its IPv4 address, or the /64 network of an IPv6 address (one
    /// household or device is normally given a whole /64, so single IPv6 addresses are too cheap to rotate).
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

    /// <summary>
    /// JSON lines on the console outside Development (one object per entry, with the request's scopes: trace id and
    /// correlation id, request path), readable text in Development.
    /// </summary>
    private static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>
    /// Every log entry written while handling a request carries the request's correlation id (the reference the
    /// error page shows and the audit trail records), even where no activity is being traced.
    /// </summary>
    private static async Task CorrelationScope(HttpContext context, Func<Task> next)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Accreditation.Web.Requests");
        using (logger.BeginScope(new Dictionary<string, object?> { [Correlation.ScopeKey] = Correlation.IdOf(context) }))
        {
            await next();
        }
    }

    /// <summary>
    /// Two people saved the same record: the later save is refused with 409 and the conflict page, so nothing
    /// is silently overwritten. Pages that can offer a better message catch the exception themselves.
    /// </summary>
    /// <summary>
    /// An address that no page or endpoint answers is 404 for visitors too: otherwise the fallback policy (signed in)
    /// would send a visitor to sign in for a page that does not exist. (Signed-in people pass that policy and reach the
    /// end of the pipeline, which answers 404.) It runs after authentication, where OpenID Connect's own endpoints
    /// (discovery, token, keys) have already answered; pages that exist but need sign-in still send visitors to sign in.
    /// </summary>
    private static Task UnknownAddresses(HttpContext context, Func<Task> next)
    {
        if (context.GetEndpoint() is null && context.User.Identity?.IsAuthenticated != true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next();
    }

    private static async Task ConcurrencyConflicts(HttpContext context, Func<Task> next)
    {
        try
        {
            await next();
        }
        catch (DbUpdateConcurrencyException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status409Conflict;
        }
    }

    /// <summary>
    /// Content security policy without inline scripts, no framing, no sniffing, a strict referrer policy and
    /// no powerful browser features; first in the pipeline so that every response carries them, errors included.
    /// </summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.ContentSecurityPolicy =
                path.StartsWithSegments("/connect") || path.StartsWithSegments("/account/sign-in")
                    ? SignInContentSecurityPolicy
                    : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next();
    }
}
