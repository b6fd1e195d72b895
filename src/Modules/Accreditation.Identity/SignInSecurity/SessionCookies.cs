using Accreditation.Identity.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Identity.SignInSecurity;

/// <summary>
/// The sign-in cookie and how long a session lasts: it ends after Identity:Session:IdleMinutes without a request
/// (default 30) and, however busy, Identity:Session:AbsoluteHours after signing in (default 12). Outside Development the
/// cookie is always Secure and named with the __Host- prefix (so no subdomain or plain-http page can set or read it); in
/// Development, where the site may run on plain http, it follows the request.
/// </summary>
public static class SessionCookies
{
    /// <summary>The sign-in cookie's name outside Development.</summary>
    public const string CookieName = "__Host-accreditation.auth";

    /// <summary>The sign-in cookie's name in Development.</summary>
    public const string DevelopmentCookieName = "accreditation.auth";

    /// <summary>Registers the cookie options.</summary>
    public static IServiceCollection AddSessionCookies(this IServiceCollection services)
    {
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IConfiguration, IHostEnvironment, TimeProvider>((options, configuration, environment, clock) =>
            {
                var idle = TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Identity:Session:IdleMinutes", 30.0)));
                var absolute = TimeSpan.FromHours(Math.Max(0.1, configuration.GetValue("Identity:Session:AbsoluteHours", 12.0)));
                options.LoginPath = "/account/sign-in";
                options.LogoutPath = "/account/sign-out";
                options.AccessDeniedPath = "/account/access-denied";
                Secure(options.Cookie, environment, CookieName, DevelopmentCookieName);
                options.ExpireTimeSpan = idle;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = async context =>
                {
                    var now = clock.GetUtcNow();
                    if (SessionTimes.StartedAt(context.Properties) is not { } started || now - started >= absolute)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }

                    // Renewed at most once a minute, so the idle timeout is counted from the last request, not from
                    // the last renewal (the cookie handler alone renews only after half the timeout).
                    if (context.Properties.IssuedUtc is { } issued && now - issued >= TimeSpan.FromMinutes(1))
                    {
                        context.ShouldRenew = true;
                    }

                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme)
            .Configure<IHostEnvironment>((options, environment) => Secure(options.Cookie, environment, "__Host-accreditation.2fa", "accreditation.2fa"));
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme)
            .Configure<IHostEnvironment>((options, environment) => Secure(options.Cookie, environment, "__Host-accreditation.external", "accreditation.external"));
        return services;
    }

    private static void Secure(CookieBuilder cookie, IHostEnvironment environment, string name, string developmentName)
    {
        var development = environment.IsDevelopment();
        cookie.Name = development ? developmentName : name;
        cookie.HttpOnly = true;
        cookie.SameSite = SameSiteMode.Lax;
        cookie.Path = "/";
        cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
    }
}
