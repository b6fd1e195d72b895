using Accreditation.Portfolios.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Portfolios.Pages;

/// <summary>A page of the candidate's own portfolio: loads it for the signed-in candidate only (anyone else gets 404).</summary>
public abstract class PortfolioPageModel(CandidatePortfolio portfolios) : PageModel
{
    /// <summary>The portfolio, once loaded.</summary>
    public LoadedPortfolio Portfolio { get; private set; } = null!;

    /// <summary>A request no handler takes (a POST to a page that only shows) answers 404 rather than rendering an unloaded page.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = new NotFoundResult();
            return Task.CompletedTask;
        }

        return next();
    }

    /// <summary>Loads the portfolio; false when it is not the signed-in candidate's (answer 404 then).</summary>
    protected async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var portfolio = await portfolios.ForCandidateAsync(id, User, ct);
        if (portfolio is null)
        {
            return false;
        }

        Portfolio = portfolio;
        return true;
    }
}

/// <summary>Reads the first error of a field for the GOV.UK error message pattern.</summary>
public static class FieldErrors
{
    /// <summary>The field's first error, or null.</summary>
    public static string? For(ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The id ASP.NET Core gives a field's input ("Mappings[0].Rationale" becomes "Mappings_0__Rationale").</summary>
    public static string IdFor(string key) => Microsoft.AspNetCore.Mvc.Rendering.TagBuilder.CreateSanitizedId(key, "_");
}
