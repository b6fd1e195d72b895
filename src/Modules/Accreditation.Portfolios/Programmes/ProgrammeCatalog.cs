using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Frameworks.Contracts;
using Accreditation.Frameworks;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Programmes;

/// <summary>An open window a person can enrol in, with its programme and places left.</summary>
public sealed record OpenWindow(AssessmentWindow Window, Programme Programme, int PlacesLeft);

/// <summary>The outcome of an enrolment: the portfolio, or a message for the field that caused the refusal.</summary>
public sealed record EnrolmentResult(Enrolment? Enrolment, string? Field, string? Error);

/// <summary>Programmes and windows: creating them (admins, recipes) and enrolling candidates (themselves or nominated).</summary>
public sealed class ProgrammeCatalog(AccreditationDbContext db, IFrameworkCatalog frameworks, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>Creates a programme on the current (or given) published version of a framework; null with a message when it cannot.</summary>
    public async Task<(Programme? Programme, string? Error)> AddProgrammeAsync(string name, string frameworkKey, int? frameworkVersion, CancellationToken ct)
    {
        var version = frameworkVersion is { } number
            ? await frameworks.GetVersionAsync(frameworkKey, number, ct)
            : await frameworks.GetCurrentAsync(frameworkKey, ct);
        if (version is null)
        {
            return (null, frameworkVersion is null
                ? $"There is no published framework '{frameworkKey}'."
                : $"Version {frameworkVersion} of '{frameworkKey}' is not published.");
        }

        if (await db.Set<Programme>().AnyAsync(p => p.Name == name, ct))
        {
            return (null, $"A programme called '{name}' already exists.");
        }

        var programme = new Programme
        {
            Id = ids.NewId(),
            Name = name,
            FrameworkKey = version.Key,
            FrameworkVersionId = version.Id,
            FrameworkVersionNumber = version.Number,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(programme);
        audit.Add("programme.created", "Programme", programme.Id.ToString(), $"{name}: {version.Key} version {version.Number}");
        return (programme, null);
    }

    /// <summary>Adds a window to a programme (the caller saves).</summary>
    public AssessmentWindow AddWindow(Programme programme, string name, DateOnly opens, DateOnly closes, int capacity)
    {
        var window = new AssessmentWindow { Id = ids.NewId(), ProgrammeId = programme.Id, Name = name, OpensOn = opens, ClosesOn = closes, Capacity = capacity };
        db.Add(window);
        audit.Add("window.created", "AssessmentWindow", window.Id.ToString(), $"{programme.Name}: {name}, {opens:yyyy-MM-dd} to {closes:yyyy-MM-dd}, {capacity} places");
        return window;
    }

    /// <summary>Windows open today, by programme then closing date.</summary>
    public async Task<IReadOnlyList<OpenWindow>> OpenWindowsAsync(CancellationToken ct)
    {
        var today = UkCalendar.Today(clock);
        var windows = await db.Set<AssessmentWindow>().AsNoTracking().Include(w => w.Programme)
            .Where(w => w.OpensOn <= today && w.ClosesOn >= today)
            .ToListAsync(ct);
        return windows.OrderBy(w => w.Programme!.Name, StringComparer.Ordinal).ThenBy(w => w.ClosesOn)
            .Select(w => new OpenWindow(w, w.Programme!, Math.Max(0, w.Capacity - w.EnrolledCount))).ToList();
    }

    /// <summary>Enrols the candidate in the window (their own choice, or nominated by <paramref name="nominatedBy"/>).</summary>
    public async Task<EnrolmentResult> EnrolAsync(Guid windowId, PersonSummary candidate, string? adjustments, string? nominatedBy, CancellationToken ct)
    {
        var window = await db.Set<AssessmentWindow>().SingleOrDefaultAsync(w => w.Id == windowId, ct);
        if (window is null)
        {
            return new EnrolmentResult(null, "WindowId", "Choose an assessment window");
        }

        if (!window.IsOpenOn(UkCalendar.Today(clock)))
        {
            return new EnrolmentResult(null, "WindowId", $"{window.Name} is not open for enrolment");
        }

        if (await db.Set<Enrolment>().AnyAsync(e => e.WindowId == windowId && e.CandidateId == candidate.Id, ct))
        {
            return new EnrolmentResult(null, "WindowId", nominatedBy is null ? $"You are already enrolled in {window.Name}" : $"{candidate.DisplayName} is already enrolled in {window.Name}");
        }

        if (window.EnrolledCount >= window.Capacity)
        {
            return new EnrolmentResult(null, "WindowId", $"{window.Name} is full. Choose another window");
        }

        if ((adjustments?.Length ?? 0) > PortfoliosModel.ShortTextLength)
        {
            return new EnrolmentResult(null, "Adjustments", $"Your request must be {PortfoliosModel.ShortTextLength:N0} characters or fewer");
        }

        window.EnrolledCount++;
        var enrolment = new Enrolment
        {
            Id = ids.NewId(),
            WindowId = window.Id,
            CandidateId = candidate.Id,
            OrganisationId = candidate.OrganisationId,
            NominatedById = nominatedBy,
            EnrolledAt = clock.GetUtcNow(),
            ReasonableAdjustments = string.IsNullOrWhiteSpace(adjustments) ? null : adjustments.Trim(),
        };
        db.Add(enrolment);
        audit.Add(nominatedBy is null ? "enrolment.created" : "enrolment.nominated", "Enrolment", enrolment.Id.ToString(), window.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another enrolment took the window's row version (or the last place, or this candidate enrolled twice at once).
            db.ChangeTracker.Clear();
            return new EnrolmentResult(null, "WindowId", $"Someone else enrolled in {window.Name} at the same moment. Try again");
        }

        return new EnrolmentResult(enrolment, null, null);
    }

    /// <summary>The signed-in person's user id.</summary>
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
