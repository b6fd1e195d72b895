using System.Security.Claims;
using Accreditation.Core.Contracts;
using Accreditation.Core.Identity;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Accreditation.Api;

/// <summary>
/// Version 1 of the API for local-authority systems. A system signs in with client credentials and reads the
/// practitioners of the organisation it acts for, and only those: another organisation's data answers 403.
/// </summary>
public static class AccreditationApi
{
    /// <summary>Policy: a client-credentials token for this API with at least one of its scopes.</summary>
    public const string AnyScopePolicy = "api:any";

    /// <summary>Policy: scope accreditation.read.</summary>
    public const string AccreditationPolicy = "api:" + ApiScopes.AccreditationRead;

    /// <summary>Policy: scope cpd.read.</summary>
    public const string CpdPolicy = "api:" + ApiScopes.CpdRead;

    /// <summary>Practitioners a page of the list.</summary>
    public const int PageSize = 100;

    /// <summary>Maps /api/v1.</summary>
    public static RouteGroupBuilder MapAccreditationApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/api/v1").WithTags("Practitioners");

        v1.MapGet("/organisations/{organisationId:guid}/practitioners", ListAsync)
            .RequireAuthorization(AnyScopePolicy)
            .WithName("ListPractitioners")
            .WithSummary("The practitioners of the organisation the calling system acts for")
            .WithDescription("Each practitioner with their accreditation status (scope accreditation.read) and CPD summary (scope cpd.read), " + PageSize + " a page (?page=N from 1; \"next\" is the next page's address). Another organisation answers 403.");

        v1.MapGet("/practitioners/{practitionerId}", PractitionerAsync)
            .RequireAuthorization(AnyScopePolicy)
            .WithName("GetPractitioner")
            .WithSummary("One practitioner of the calling system's organisation")
            .WithDescription("404 when there is no such practitioner; 403 when they belong to another organisation.");

        v1.MapGet("/practitioners/{practitionerId}/accreditation", AccreditationAsync)
            .RequireAuthorization(AccreditationPolicy)
            .WithName("GetAccreditationStatus")
            .WithSummary("A practitioner's accreditation status (scope accreditation.read)");

        v1.MapGet("/practitioners/{practitionerId}/cpd", CpdAsync)
            .RequireAuthorization(CpdPolicy)
            .WithName("GetCpdSummary")
            .WithSummary("A practitioner's CPD summary for the current CPD year (scope cpd.read)");

        return v1;
    }

    private static async Task<Results<Ok<PractitionerList>, ProblemHttpResult>> ListAsync(
        Guid organisationId, ClaimsPrincipal caller, IPeopleDirectory directory, Sources sources, HttpRequest request, CancellationToken ct, string? page = null)
    {
        if (ActingFor(caller) != organisationId)
        {
            return NotYours();
        }

        var number = 1;
        if (page is not null && (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The page must be a whole number from 1.");
        }

        var people = await directory.PeopleOfAsync(organisationId, (number - 1L) * PageSize > int.MaxValue ? int.MaxValue : (number - 1) * PageSize, PageSize, ct);
        var described = await sources.DescribeAsync(people.People, caller, ct);
        var next = (long)number * PageSize < people.Total ? $"{request.PathBase}{request.Path}?page={number + 1}" : null;
        return TypedResults.Ok(new PractitionerList(organisationId, described) { Page = number, PageSize = PageSize, Total = people.Total, Next = next });
    }

    private static async Task<Results<Ok<Practitioner>, ProblemHttpResult>> PractitionerAsync(
        string practitionerId, ClaimsPrincipal caller, IPeopleDirectory directory, Sources sources, CancellationToken ct)
    {
        var (person, problem) = await FindAsync(practitionerId, caller, directory, ct);
        return problem ?? (Results<Ok<Practitioner>, ProblemHttpResult>)TypedResults.Ok((await sources.DescribeAsync([person!], caller, ct))[0]);
    }

    private static async Task<Results<Ok<AccreditationStatus>, ProblemHttpResult>> AccreditationAsync(
        string practitionerId, ClaimsPrincipal caller, IPeopleDirectory directory, Sources sources, CancellationToken ct)
    {
        var (person, problem) = await FindAsync(practitionerId, caller, directory, ct);
        return problem ?? (Results<Ok<AccreditationStatus>, ProblemHttpResult>)TypedResults.Ok(await sources.AccreditationOfAsync(person!.Id, ct));
    }

    private static async Task<Results<Ok<CpdSummary>, ProblemHttpResult>> CpdAsync(
        string practitionerId, ClaimsPrincipal caller, IPeopleDirectory directory, Sources sources, CancellationToken ct)
    {
        var (person, problem) = await FindAsync(practitionerId, caller, directory, ct);
        return problem ?? (Results<Ok<CpdSummary>, ProblemHttpResult>)TypedResults.Ok(await sources.CpdOfAsync(person!.Id, ct));
    }

    private static async Task<(PersonSummary? Person, ProblemHttpResult? Problem)> FindAsync(string practitionerId, ClaimsPrincipal caller, IPeopleDirectory directory, CancellationToken ct)
    {
        var person = await directory.FindAnyAsync(practitionerId, ct);
        if (person is null)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no practitioner with this id."));
        }

        return person.OrganisationId is { } organisation && organisation == ActingFor(caller) ? (person, null) : (null, NotYours());
    }

    private static ProblemHttpResult NotYours() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This client may only read the practitioners of the organisation it acts for.");

    private static Guid? ActingFor(ClaimsPrincipal caller) =>
        Guid.TryParse(caller.FindFirst(ApiScopes.ActingForOrganisationClaim)?.Value, out var id) ? id : null;

    /// <summary>Whether the caller holds a scope.</summary>
    internal static bool Has(ClaimsPrincipal caller, string scope) => caller.HasScope(scope);
}
