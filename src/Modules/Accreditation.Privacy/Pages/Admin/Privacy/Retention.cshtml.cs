using Accreditation.Core.Privacy;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Retention;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Privacy.Pages.Admin.Privacy;

/// <summary>The retention schedule in force (from the settings) and what each kind's last run removed.</summary>
[Authorize(Policy = Permissions.ManagePersonalDataPolicy)]
public sealed class RetentionModel(RetentionSchedule schedule, RetentionRunner runner) : PageModel
{
    /// <summary>The schedule.</summary>
    public IReadOnlyList<RetentionEntry> Entries { get; private set; } = [];

    /// <summary>Each kind's last run, by key.</summary>
    public IReadOnlyDictionary<string, RetentionRun> Runs { get; private set; } = new Dictionary<string, RetentionRun>();

    /// <summary>Shows the schedule.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Entries = schedule.Entries();
        Runs = await runner.LastRunsAsync(ct);
    }
}
