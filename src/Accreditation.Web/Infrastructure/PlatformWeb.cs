using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Accreditation.Core.Diagnostics;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Accreditation.Identity.OpenIdConnect;
using Accreditation.Identity.TwoFactor;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Web.Infrastructure;

/// <summary>What every request goes through: authentication defaults, security headers, rate limits, health, errors.</summary>
public static class PlatformWeb
{
    /// <summary>
    /// The in-memory rate-limiter policy (RateLimits:SignInPerMinute per client address, per node) on the pages that
    /// send an email or another site's way: forgotten password, sign in with your authority. Sign-in attempts
    /// themselves are counted in the database (Identity's SignInAttempts), so every node counts the same ones.
    /// </summary>
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
        builder.AddSiteAddress();
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

        services.AddSingleton<DatabaseOutageLog>();
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

    /// <summary>
    /// The site's one address (<see cref="SiteAddress"/>), read before anything else so a missing or wrong Site:BaseUrl
    /// stops start-up with a message naming it. Outside Development and Testing, requests must name its host (or one
    /// listed in AllowedHosts, e.g. a health probe's): host filtering answers 400 to any other Host header.
    /// </summary>
    public static WebApplicationBuilder AddSiteAddress(this WebApplicationBuilder builder)
    {
        var address = SiteAddress.FromConfiguration(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(address);
        if (!builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            // Configure runs before the framework's own PostConfigure, which reads AllowedHosts only when nothing is set;
            // "*" is not honoured here, so the site never answers for a host it does not own.
            var extra = (builder.Configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            builder.Services.Configure<HostFilteringOptions>(o =>
                o.AllowedHosts = [address.Host, .. extra.Where(h => h != "*" && !string.Equals(h, address.Host, StringComparison.OrdinalIgnoreCase))]);
        }

        return builder;
    }

    /// <summary>The middleware pipeline, in order.</summary>
    public static WebApplication UsePlatformWeb(this WebApplication app)
    {
        var address = app.Services.GetRequiredService<SiteAddress>();
        if (address.DeprecatedKeysInUse.Count > 0)
        {
            app.Logger.LogWarning("{Keys} are deprecated: the site has one address, {Key} ({Address}). Remove them.",
                string.Join(", ", address.DeprecatedKeysInUse), SiteAddress.Key, address.Root);
        }

        app.Use(SecurityHeaders);
        app.UseForwardedHeaders();
        app.Use(CorrelationScope);
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseBearerChallenges();
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
    public static string ClientPartition(IPAddress? address) => Identity.SignInSecurity.SignInAttempts.ClientPartition(address);

    /// <summary>
    /// JSON lines on the console outside Development (one object per entry, with the request's scopes: trace id and
    /// correlation id, request path), readable text in Development.
    /// </summary>
    private static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // The host's own request logging records the raw URL ("Request starting ... ?token=...") and puts the raw
        // path in every entry's scope, live secrets included; CorrelationScope records the path with them replaced.
        // Without that logger the host starts a request's activity (its trace id, the correlation id) only for a
        // listener of its activity source, so one listens.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        RequestActivities.Listen();
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
    /// error page shows and the audit trail records), even where no activity is being traced, and the request's method
    /// and path with any live secret replaced (the query string is never logged).
    /// </summary>
    private static async Task CorrelationScope(HttpContext context, Func<Task> next)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Accreditation.Web.Requests");
        var scrubber = context.RequestServices.GetRequiredService<SecretScrubber>();
        using (logger.BeginScope(new Dictionary<string, object?>
        {
            [Correlation.ScopeKey] = Correlation.IdOf(context),
            ["RequestMethod"] = context.Request.Method,
            ["RequestPath"] = scrubber.Path(context.Request.Path.Value),
        }))
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

/// <summary>
/// Listens to ASP.NET Core's request activity source (once per process), so every request has an activity and a W3C
/// trace id even though the host's request logging, which would otherwise start it, is off.
/// </summary>
public static class RequestActivities
{
    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    /// <summary>Starts listening (once).</summary>
    public static void Listen() => _ = Listener.Value;
}
