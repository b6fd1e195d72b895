using System.Globalization;
using Accreditation.Core.Data;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Programmes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Pages.Admin.Programmes;

/// <summary>A programme's windows, and adding one (name, opening and closing dates, capacity).</summary>
[Authorize(Policy = Permissions.ManageProgrammesPolicy)]
public sealed class ProgrammeModel(AccreditationDbContext db, ProgrammeCatalog programmes) : PageModel
{
    /// <summary>The programme with its windows.</summary>
    public Programme Programme { get; private set; } = null!;

    /// <summary>Window name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>Opening date: day, month, year.</summary>
    [BindProperty]
    public string?[] Opens { get; set; } = new string?[3];

    /// <summary>Closing date: day, month, year.</summary>
    [BindProperty]
    public string?[] Closes { get; set; } = new string?[3];

    /// <summary>Places.</summary>
    [BindProperty]
    public string? Capacity { get; set; }

    /// <summary>Shows the programme.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await FindAsync(id, ct) ? Page() : NotFound();

    /// <summary>Adds a window.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        var name = Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            ModelState.AddModelError(nameof(Name), "Enter a name for the window");
        }
        else if (name.Length > PortfoliosModel.NameLength)
        {
            ModelState.AddModelError(nameof(Name), $"Name must be {PortfoliosModel.NameLength} characters or fewer");
        }
        else if (Programme.Windows.Any(w => w.Name == name))
        {
            ModelState.AddModelError(nameof(Name), $"This programme already has a window called {name}");
        }

        var opens = ReadDate(Opens, "Opens", "opening date");
        var closes = ReadDate(Closes, "Closes", "closing date");
        if (opens is not null && closes is not null && closes < opens)
        {
            ModelState.AddModelError("Closes", "The closing date must be the same as or after the opening date");
        }

        if (!int.TryParse(Capacity?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var capacity) || capacity < 1 || capacity > 100_000)
        {
            ModelState.AddModelError(nameof(Capacity), "Enter the number of places as a whole number from 1 to 100,000");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var tracked = await db.Set<Programme>().SingleAsync(p => p.Id == id, ct);
        programmes.AddWindow(tracked, name, opens!.Value, closes!.Value, capacity);
        await db.SaveChangesAsync(ct);
        return Redirect($"/admin/programmes/{id}");
    }

    private DateOnly? ReadDate(string?[] parts, string field, string label)
    {
        if (parts.Length != 3 || parts.All(string.IsNullOrWhiteSpace))
        {
            ModelState.AddModelError(field, $"Enter the {label}");
            return null;
        }

        if (int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        ModelState.AddModelError(field, $"The {label} must be a real date, like 27 3 2027");
        return null;
    }

    private async Task<bool> FindAsync(Guid id, CancellationToken ct)
    {
        var programme = await db.Set<Programme>().AsNoTracking().Include(p => p.Windows).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (programme is null)
        {
            return false;
        }

        Programme = programme;
        return true;
    }
}
