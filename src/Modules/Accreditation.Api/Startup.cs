using Accreditation.Core.Contracts;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;

namespace Accreditation.Api;

/// <summary>Registers the API: its authorization policies (OpenIddict validation, scopes), sources, and the OpenAPI document.</summary>
public sealed class Startup : ModuleStartup
{
    /// <inheritdoc />
    public override ModuleManifest Manifest => Api.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<Sources>();
        services.AddAuthorizationBuilder()
            .AddPolicy(AccreditationApi.AnyScopePolicy, p => Client(p).RequireAssertion(c => ApiScopes.All.Any(c.User.HasScope)))
            .AddPolicy(AccreditationApi.AccreditationPolicy, p => Client(p).RequireAssertion(c => c.User.HasScope(ApiScopes.AccreditationRead)))
            .AddPolicy(AccreditationApi.CpdPolicy, p => Client(p).RequireAssertion(c => c.User.HasScope(ApiScopes.CpdRead)));

        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Practice leader accreditation API";
                document.Info.Version = "v1";
                document.Info.Description =
                    "For local-authority systems. Get an access token from /connect/token with the client credentials grant and " +
                    "scope accreditation.read and/or cpd.read, then send it as a Bearer token. A system reads only the practitioners " +
                    "of the organisation its client registration acts for.";
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // The status codes and their words, so a system shows what the practitioner sees.
                if (context.JsonTypeInfo.Type == typeof(AccreditationStatus) && schema.Properties is { } properties)
                {
                    var codes = string.Join("; ", AccreditationStatuses.All.Select(s => $"\"{s.Code}\" ({s.Words})"));
                    if (properties.TryGetValue("status", out var status) && status is OpenApiSchema code)
                    {
                        code.Description = $"The practitioner's accreditation status: {codes}. Null when nothing is known yet.";
                    }

                    if (properties.TryGetValue("statusText", out var text) && text is OpenApiSchema words)
                    {
                        words.Description = $"The status in the words the service shows everyone: {string.Join(", ", AccreditationStatuses.All.Select(s => $"\"{s.Words}\""))}.";
                    }
                }

                return Task.CompletedTask;
            });
        });
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAccreditationApi();
        endpoints.MapOpenApi().AllowAnonymous();
    }

    private static AuthorizationPolicyBuilder Client(AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(ApiScopes.ActingForOrganisationClaim);
}
