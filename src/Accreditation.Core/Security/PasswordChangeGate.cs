using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Core.Security;

/// <summary>
/// Marks a page or endpoint a person may still use before changing a one-time password (the change-password page
/// itself, sign-out, the error pages). Everything else sends them to the change-password page.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowBeforePasswordChangeAttribute : Attribute;

/// <summary>
/// Sends a signed-in person who must change a generated password to the change-password page, for every page and
/// endpoint not marked <see cref="AllowBeforePasswordChangeAttribute"/>, until they have changed it.
/// </summary>
public static class PasswordChangeGate
{
    /// <summary>Where the person changes their password.</summary>
    public const string ChangePasswordPath = "/account/change-password";

    /// <summary>Middleware (after routing and authentication, before authorization).</summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.HasClaim(PlatformClaims.MustChangePassword, "true") &&
                context.GetEndpoint()?.Metadata.GetMetadata<AllowBeforePasswordChangeAttribute>() is null)
            {
                context.Response.Redirect(ChangePasswordPath);
                return;
            }

            await next(context);
        });
}
