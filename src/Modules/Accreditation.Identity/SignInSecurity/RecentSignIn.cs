using Accreditation.Identity.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Identity.SignInSecurity;

/// <summary>
/// Whether the signed-in person proved who they are (password or passkey) within the last 5 minutes: asked before
/// anything that would let someone who found an unlocked session keep the account (password, email, second factors).
/// </summary>
public sealed class RecentSignIn(TimeProvider clock)
{
    /// <summary>How recent is recent enough.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromMinutes(5);

    /// <summary>Where the person confirms it is them.</summary>
    public const string ConfirmPath = "/account/confirm-identity";

    /// <summary>Whether the current session's last proof is recent.</summary>
    public async Task<bool> IsRecentAsync(HttpContext http)
    {
        var auth = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        return SessionTimes.AuthenticatedAt(auth.Properties) is { } at && clock.GetUtcNow() - at <= Within;
    }
}

/// <summary>
/// Sends a signed-in person whose last password or passkey is older than <see cref="RecentSignIn.Within"/> to confirm
/// it is them, then back. <see cref="IncludeGet"/> false limits it to changes (POST), for pages that only show state.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequireRecentSignInAttribute : Attribute, IAsyncPageFilter
{
    /// <summary>Whether showing the page asks too (pages whose form makes the change).</summary>
    public bool IncludeGet { get; set; } = true;

    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var asks = IncludeGet || !HttpMethods.IsGet(http.Request.Method);
        if (asks && http.User.Identity?.IsAuthenticated == true && !await http.RequestServices.GetRequiredService<RecentSignIn>().IsRecentAsync(http))
        {
            // A change posted after the time has passed is not made: the person confirms, then comes back to the page.
            var back = http.Request.Path + (HttpMethods.IsGet(http.Request.Method) ? http.Request.QueryString : QueryString.Empty);
            context.Result = new RedirectResult($"{RecentSignIn.ConfirmPath}?ReturnUrl={Uri.EscapeDataString(back)}");
            return;
        }

        await next();
    }
}
