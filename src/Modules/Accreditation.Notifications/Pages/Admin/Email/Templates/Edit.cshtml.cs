using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Pages.Admin.Email.Templates;

/// <summary>
/// Edits one template with a preview. A template that does not parse (or cannot render its sample values) is refused
/// with the parser's message next to the part, and the template in force stays as it was.
/// </summary>
[Authorize(Policy = "Permission:" + Permissions.ManageEmail)]
public sealed class EditModel(EmailTemplates templates, AccreditationDbContext db, TimeProvider clock, IAuditTrail audit) : PageModel
{
    /// <summary>The template's name (from the URL).</summary>
    [BindProperty(SupportsGet = true)]
    public string Name { get; set; } = "";

    /// <summary>Liquid source of the subject.</summary>
    [BindProperty]
    public string? Subject { get; set; }

    /// <summary>Liquid source of the plain-text part.</summary>
    [BindProperty]
    public string? TextBody { get; set; }

    /// <summary>Liquid source of the HTML part.</summary>
    [BindProperty]
    public string? HtmlBody { get; set; }

    /// <summary>The saved version the form was read at (0 for the shipped default).</summary>
    [BindProperty]
    public uint Version { get; set; }

    /// <summary>Whether the form was read from an admin's saved version (rather than the shipped default).</summary>
    [BindProperty]
    public bool EditingSaved { get; set; }

    /// <summary>The shipped template.</summary>
    public ShippedEmailTemplate? Shipped { get; private set; }

    /// <summary>Whether an admin's version is in force.</summary>
    public bool Customised { get; private set; }

    /// <summary>The preview, when asked for and the template is good.</summary>
    public RenderedEmail? Preview { get; private set; }

    /// <summary>The outcome of the last save.</summary>
    [TempData]
    public string? Message { get; set; }

    /// <summary>Shows the template in force.</summary>
    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is not { } source)
        {
            return NotFound();
        }

        (Subject, TextBody, HtmlBody, Version, EditingSaved) = (source.Subject, source.TextBody, source.HtmlBody, source.Version, source.Customised);
        return Page();
    }

    /// <summary>Renders the posted template with the sample values, without saving.</summary>
    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await LoadAsync() is null)
        {
            return NotFound();
        }

        if (Check())
        {
            Preview = templates.RenderWithJson(Subject ?? "", TextBody ?? "", HtmlBody ?? "", Shipped!.SampleModelJson);
        }

        return Page();
    }

    /// <summary>Saves the posted template if it parses and renders; otherwise shows why and keeps the template in force.</summary>
    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (await LoadAsync() is null)
        {
            return NotFound();
        }

        if (!Check())
        {
            return Page();
        }

        var saved = await db.Set<EmailTemplate>().FirstOrDefaultAsync(t => t.Name == Name);
        if ((saved is not null) != EditingSaved || (saved is not null && saved.Version != Version))
        {
            return Conflict();
        }

        if (saved is null)
        {
            saved = new EmailTemplate { Name = Name, Subject = "", TextBody = "", HtmlBody = "" };
            db.Add(saved);
        }
        else
        {
            // The version the admin read: SaveChanges refuses the update if anyone saved since.
            db.Entry(saved).Property(t => t.Version).OriginalValue = Version;
        }

        saved.Subject = Subject!;
        saved.TextBody = TextBody!;
        saved.HtmlBody = HtmlBody ?? "";
        saved.UpdatedAt = clock.GetUtcNow();
        saved.UpdatedBy = User.FindFirstValue(ClaimTypes.Name);
        audit.Add("email.template-saved", "EmailTemplate", Name);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A concurrency conflict, or another admin's first version saved at the same moment.
            return Conflict();
        }

        Message = $"The {Name} template is saved.";
        return RedirectToPage(new { name = Name });
    }

    /// <summary>Goes back to the shipped default.</summary>
    public async Task<IActionResult> OnPostResetAsync()
    {
        if (await LoadAsync() is null)
        {
            return NotFound();
        }

        var rows = await db.Set<EmailTemplate>().Where(t => t.Name == Name).ExecuteDeleteAsync();
        if (rows > 0)
        {
            await audit.RecordAsync("email.template-reset", "EmailTemplate", Name);
        }

        Message = $"The {Name} template is back to the default.";
        return RedirectToPage(new { name = Name });
    }

    private async Task<TemplateSource?> LoadAsync()
    {
        Shipped = templates.FindShipped(Name);
        if (Shipped is null)
        {
            return null;
        }

        var source = await templates.GetAsync(Name);
        Customised = source?.Customised == true;
        return source;
    }

    private bool Check()
    {
        foreach (var error in templates.Check(Subject ?? "", TextBody ?? "", HtmlBody ?? "", Shipped!.SampleModelJson))
        {
            ModelState.AddModelError(error.Part.ToString(), error.Message);
        }

        return ModelState.IsValid;
    }

    private PageResult Conflict()
    {
        ModelState.AddModelError("", "Someone else changed this template while you were editing it. Your changes are not saved: copy them, reload the page and edit again.");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
