using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Web.Pages.Admin;

/// <summary>Edits the site-wide settings; two admins saving at once get a conflict, not a lost change.</summary>
[Authorize(Policy = "Permission:" + Identity.Permissions.ManagePlatform)]
public sealed class SettingsModel(AccreditationDbContext db, SiteSettings cache, IAuditTrail audit) : PageModel
{
    /// <summary>One editable setting.</summary>
    public sealed record Field(string Key, string Label, string Hint, int MaxLength, bool Required);

    /// <summary>The settings this page edits.</summary>
    public IReadOnlyList<Field> Fields { get; } =
    [
        new("Site:Name", "Service name", "Shown in the header and page titles.", 80, true),
        new("Site:Phase", "Phase", "Shown in the phase banner, for example Beta. Leave empty for no banner.", 20, false),
        new("Site:ContactEmail", "Contact email", "Where people can ask for help.", 254, false),
        new(SiteSettings.FeedbackUrlKey, "Feedback address", "The link in the phase banner: a web address starting https://, a mailto: address or a path on this site. Leave empty for no link.", 500, false),
    ];

    /// <summary>The values, in the order of <see cref="Fields"/>.</summary>
    [BindProperty]
    public List<string?> Values { get; set; } = [];

    /// <summary>The row versions the form was loaded with.</summary>
    [BindProperty]
    public List<uint> Versions { get; set; } = [];

    /// <summary>Whether the last save succeeded.</summary>
    [TempData]
    public bool Saved { get; set; }

    /// <summary>Shows the current values.</summary>
    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Saves, or shows what is wrong; a stale form answers 409 with the current values.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (Values.Count != Fields.Count || Versions.Count != Fields.Count)
        {
            return BadRequest();
        }

        new SettingsValidator(Fields).Validate(new SettingsInput(Values)).ToFormErrors().AddTo(ModelState);

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var keys = Fields.Select(f => f.Key).ToList();
        var rows = await db.SiteSettings.Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key);
        for (var i = 0; i < Fields.Count; i++)
        {
            var value = Values[i]?.Trim() ?? "";
            if (rows.TryGetValue(Fields[i].Key, out var row))
            {
                // The version the form was loaded with is what the update is checked against.
                db.Entry(row).Property(r => r.Version).OriginalValue = Versions[i];
                if (row.Value != value || row.Version != Versions[i])
                {
                    row.Value = value;
                    db.Entry(row).Property(r => r.Value).IsModified = true;
                }
            }
            else
            {
                db.SiteSettings.Add(new SiteSetting { Key = Fields[i].Key, Value = value });
            }
        }

        audit.Add("settings.changed", "SiteSettings", null, string.Join(", ", keys));
        db.Announce(Core.Cluster.ChangeTopics.Settings);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            await LoadAsync();
            ModelState.AddModelError("Values[0]", "Someone else changed these settings while you were editing them. The current values are shown: make your change again.");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        cache.Reset();
        Saved = true;
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var keys = Fields.Select(f => f.Key).ToList();
        var rows = await db.SiteSettings.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key);
        Values = Fields.Select(f => rows.TryGetValue(f.Key, out var r) ? r.Value : null).ToList();
        Versions = Fields.Select(f => rows.TryGetValue(f.Key, out var r) ? r.Version : 0u).ToList();
    }
}
