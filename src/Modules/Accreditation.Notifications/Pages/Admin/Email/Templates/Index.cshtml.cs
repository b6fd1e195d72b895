using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Templates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Pages.Admin.Email.Templates;

/// <summary>Lists the email templates and whether each is the shipped default or an admin's version.</summary>
[Authorize(Policy = "Permission:" + Permissions.ManageEmail)]
public sealed class IndexModel(EmailTemplates templates, AccreditationDbContext db) : PageModel
{
    /// <summary>One row: the shipped template and whether it has been customised.</summary>
    public sealed record Row(ShippedEmailTemplate Template, bool Customised);

    /// <summary>The rows, by name.</summary>
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shows the list.</summary>
    public async Task OnGetAsync()
    {
        var saved = (await db.Set<EmailTemplate>().Select(t => t.Name).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        Rows = templates.Shipped.Select(t => new Row(t, saved.Contains(t.Name))).ToList();
    }
}
