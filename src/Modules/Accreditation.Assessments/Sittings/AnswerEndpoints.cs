using System.Security.Claims;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Accreditation.Assessments.Sittings;

/// <summary>The small JSON API the sitting page's script uses: save an answer (antiforgery-protected), read the time left.</summary>
public static class AnswerEndpoints
{
    /// <summary>A save from the page: the question's position, the chosen options (the values the page showed) and the browser's change time.</summary>
    public sealed record AnswerSave(int Position, string[]? Choices, long? ChangedAt);

    /// <summary>Maps the endpoints.</summary>
    public static void MapAssessmentApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/assessment/api/sittings/{id:guid}").RequireAuthorization(Permissions.SitPolicy);
        api.MapPost("/answers", SaveAsync);
        api.MapGet("/", StateAsync);
    }

    private static async Task<IResult> SaveAsync(Guid id, HttpContext http, IAntiforgery antiforgery, SittingService sittings, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Json(new { message = "Your session has changed. Reload the page to carry on." }, statusCode: StatusCodes.Status400BadRequest);
        }

        AnswerSave? save;
        try
        {
            save = await http.Request.ReadFromJsonAsync<AnswerSave>(ct);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            save = null;
        }

        if (save is null)
        {
            return Results.Json(new { message = "The answer could not be read." }, statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await sittings.SaveAsync(id, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, save.Position, save.Choices ?? [], save.ChangedAt, ct);
        var status = result.Outcome switch
        {
            SaveOutcome.Saved or SaveOutcome.Superseded => StatusCodes.Status200OK,
            SaveOutcome.Closed => StatusCodes.Status409Conflict,
            SaveOutcome.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { outcome = result.Outcome.ToString(), secondsLeft = result.SecondsLeft, message = result.Message }, statusCode: status);
    }

    private static async Task<IResult> StateAsync(Guid id, HttpContext http, SittingService sittings, TimeProvider clock, CancellationToken ct)
    {
        var sitting = await sittings.ForCandidateAsync(id, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, ct);
        if (sitting is null)
        {
            return Results.NotFound();
        }

        var left = sitting.Status == Data.SittingStatus.Active ? Math.Max(0, (long)Math.Floor((sitting.Deadline - clock.GetUtcNow()).TotalSeconds)) : 0;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new { status = sitting.Status.ToString(), secondsLeft = left });
    }
}
