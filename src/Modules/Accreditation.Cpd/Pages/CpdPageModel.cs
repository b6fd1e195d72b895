using System.Security.Claims;
using Accreditation.Core.Dates;
using Accreditation.Core.Security;
using Accreditation.Cpd.Records;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Cpd.Pages;

/// <summary>
/// A page of the signed-in person's own CPD record: only people who keep one reach it (anyone else signed in gets 403,
/// not a redirect), and only their own records (anyone else's answer 404).
/// </summary>
[Authorize]
public abstract class CpdPageModel(TimeProvider clock) : PageModel
{
    /// <summary>The signed-in person's user id.</summary>
    protected string PersonId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Today's UK date.</summary>
    public DateOnly Today => UkCalendar.Today(clock);

    /// <summary>The registration year today falls in.</summary>
    public RegistrationYear CurrentYear => RegistrationYear.Of(Today);

    /// <summary>A request no handler takes answers 404 rather than rendering an unloaded page.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!User.HasPermission(Permissions.RecordCpd))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return Task.CompletedTask;
        }

        if (context.HandlerMethod is null)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }
}

/// <summary>Reads the first error of a field for the GOV.UK error message pattern.</summary>
public static class CpdFieldErrors
{
    /// <summary>The field's first error, or null.</summary>
    public static string? For(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The id ASP.NET Core gives a field's input ("Input.Title" becomes "Input_Title").</summary>
    public static string IdFor(string key) => Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(key, "_");

    /// <summary>The form group's classes, with the error modifier when the field has an error.</summary>
    public static string Group(ModelStateDictionary state, string key) => For(state, key) is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";

    /// <summary>aria-describedby for a field: its hint and its error, or null.</summary>
    public static string? Described(ModelStateDictionary state, string key, string? hint = null)
    {
        var value = string.Join(" ", new[] { hint, For(state, key) is null ? null : IdFor(key) + "-error" }.Where(x => x is not null));
        return value.Length == 0 ? null : value;
    }
}
