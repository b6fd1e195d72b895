using System.Text.Json;
using Accreditation.Core.Identity;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Files;
using Accreditation.Core.Privacy;
using Accreditation.Core.Time;
using Accreditation.Privacy.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Privacy.Requests;

/// <summary>Prepared copies of a person's data: the file store's "privacy-exports" area, one ZIP per request.</summary>
public sealed class PrivacyCopyStore(IFileStore files) : FileArea(files, "privacy-exports");

/// <summary>The outcome of asking: the request, or why it was refused (a message for the person).</summary>
public sealed record Asked(PrivacyRequest? Request, string? Refusal);

/// <summary>
/// Receives subject access and erasure requests, lists them, and hands out a prepared copy to the person who asked
/// (audited). The background task (<see cref="PrivacyRequestProcessor"/>) answers them.
/// </summary>
public sealed class PrivacyRequests(AccreditationDbContext db, IPeopleDirectory people, PersonalDataProviders providers, PrivacyCopyStore copies, TimeProvider clock, IIdSource ids, IAuditTrail audit)
{
    /// <summary>How long a prepared copy can be downloaded before it is deleted.</summary>
    public static readonly TimeSpan DownloadLifetime = TimeSpan.FromDays(7);

    /// <summary>JSON of plans and outcomes.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Where prepared copies are kept until they expire.</summary>
    public PrivacyCopyStore Copies => copies;

    /// <summary>The name a request's ready copy is stored under (copies made before rounds named their own had none).</summary>
    public static string CopyName(PrivacyRequest request) =>
        request.CopyId is { } round ? CopyName(request.Id, round) : request.Id.ToString("N") + ".zip";

    /// <summary>The name one round stores its copy of a request under.</summary>
    public static string CopyName(Guid requestId, Guid round) => $"{requestId:N}-{round:N}.zip";

    /// <summary>What every copy of a request, by any round, is named from.</summary>
    public static string CopyPrefix(Guid requestId) => requestId.ToString("N");

    /// <summary>The UK date a request received at <paramref name="received"/> must be answered by: one calendar month on (ICO).</summary>
    public static DateOnly DueOn(DateTimeOffset received) => DateOnly.FromDateTime(UkCalendar.Local(received)).AddMonths(1);

    /// <summary>The person with this user id as a data subject (with a pseudonym for an erasure), or null when there is no such account.</summary>
    public async Task<DataSubject?> SubjectAsync(string userId, string? pseudonym, CancellationToken ct)
    {
        var person = await people.FindAnyAsync(userId, ct);
        return person is null ? null : new DataSubject { UserId = person.Id, Email = person.Email.Length > 0 ? person.Email : null, DisplayName = person.DisplayName, Pseudonym = pseudonym ?? NewPseudonym() };
    }

    /// <summary>Asks for a copy of the person's data; refused while one is already being prepared for them.</summary>
    public async Task<Asked> AskForCopyAsync(string subjectId, string requestedById, CancellationToken ct)
    {
        if (await people.FindAnyAsync(subjectId, ct) is null)
        {
            return new Asked(null, "There is no account for that person");
        }

        if (await db.Set<PrivacyRequest>().AnyAsync(r => r.SubjectId == subjectId && r.Kind == PrivacyRequestKind.Access
            && (r.State == PrivacyRequestState.Queued || r.State == PrivacyRequestState.Building), ct))
        {
            return new Asked(null, "A copy of this person's data is already being prepared. It is listed below; wait for it to be ready");
        }

        var request = New(PrivacyRequestKind.Access, subjectId, requestedById);
        db.Add(request);
        audit.Add("privacy.access-requested", "PrivacyRequest", request.Id.ToString(), subjectId == requestedById ? "by the person" : $"for person {subjectId}");
        await db.SaveChangesAsync(ct);
        return new Asked(request, null);
    }

    /// <summary>Makes the erasure plan for a person (changes nothing).</summary>
    public async Task<ErasurePlan?> PlanAsync(string subjectId, CancellationToken ct) =>
        await SubjectAsync(subjectId, null, ct) is { } subject ? await providers.PlanAsync(subject, ct) : null;

    /// <summary>
    /// Asks for a person's erasure with the plan that was shown and confirmed; refused while one is already asked for.
    /// The erasure runs in the background, planned afresh.
    /// </summary>
    public async Task<Asked> AskForErasureAsync(string subjectId, string requestedById, ErasurePlan plan, CancellationToken ct)
    {
        if (await people.FindAnyAsync(subjectId, ct) is null)
        {
            return new Asked(null, "There is no account for that person");
        }

        if (await db.Set<PrivacyRequest>().AnyAsync(r => r.SubjectId == subjectId && r.Kind == PrivacyRequestKind.Erasure
            && (r.State == PrivacyRequestState.Queued || r.State == PrivacyRequestState.Erasing || r.State == PrivacyRequestState.Waiting), ct))
        {
            return new Asked(null, "Erasure of this person's data has already been asked for");
        }

        var request = New(PrivacyRequestKind.Erasure, subjectId, requestedById);
        request.Pseudonym = NewPseudonym();
        request.PlanJson = JsonSerializer.Serialize(plan.Lines, Json);
        db.Add(request);
        audit.Add("privacy.erasure-requested", "PrivacyRequest", request.Id.ToString(), subjectId == requestedById ? "by the person, closing their account" : $"for person {subjectId}");
        await db.SaveChangesAsync(ct);
        return new Asked(request, null);
    }

    /// <summary>A stored plan or outcome's lines.</summary>
    public static IReadOnlyList<ErasurePlanLine> LinesOf(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ErasurePlanLine>>(json, Json) ?? [];

    /// <summary>Every request, newest first (at most <paramref name="take"/>).</summary>
    public async Task<IReadOnlyList<PrivacyRequest>> ListAsync(int take, CancellationToken ct) =>
        await db.Set<PrivacyRequest>().AsNoTracking().OrderByDescending(r => r.ReceivedAt).Take(take).ToListAsync(ct);

    /// <summary>The requests about a person, newest first.</summary>
    public async Task<IReadOnlyList<PrivacyRequest>> AboutAsync(string subjectId, CancellationToken ct) =>
        await db.Set<PrivacyRequest>().AsNoTracking().Where(r => r.SubjectId == subjectId).OrderByDescending(r => r.ReceivedAt).ToListAsync(ct);

    /// <summary>
    /// Opens the copy of a request for the person who asked for it, while it can be downloaded: records the download
    /// (audited) and returns the file; null when it is not theirs, not ready or expired; a null file when its copy is
    /// missing from the file store (nothing is recorded then).
    /// </summary>
    public async Task<(Stream? File, PrivacyRequest Request)?> OpenCopyAsync(Guid requestId, string userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var request = await db.Set<PrivacyRequest>().SingleOrDefaultAsync(r => r.Id == requestId && r.RequestedById == userId, ct);
        if (request is null || !request.CanDownload(now))
        {
            return null;
        }

        if (copies.Open(CopyName(request)) is not { } file)
        {
            return (null, request);
        }

        await db.Set<PrivacyRequest>().Where(r => r.Id == request.Id && r.State == PrivacyRequestState.Ready)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, PrivacyRequestState.Downloaded).SetProperty(r => r.DownloadedAt, now), ct);
        await audit.RecordAsync("privacy.copy-downloaded", "PrivacyRequest", request.Id.ToString(), ct: ct);
        return (file, request);
    }

    /// <summary>Puts a failed request back in the queue.</summary>
    public async Task<bool> RetryAsync(Guid requestId, CancellationToken ct)
    {
        var retried = await db.Set<PrivacyRequest>().Where(r => r.Id == requestId && r.State == PrivacyRequestState.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, PrivacyRequestState.Queued).SetProperty(r => r.NextAttemptAt, clock.GetUtcNow()), ct);
        if (retried > 0)
        {
            await audit.RecordAsync("privacy.request-retried", "PrivacyRequest", requestId.ToString(), ct: ct);
        }

        return retried > 0;
    }

    private PrivacyRequest New(PrivacyRequestKind kind, string subjectId, string requestedById)
    {
        var now = clock.GetUtcNow();
        return new PrivacyRequest
        {
            Id = ids.NewId(),
            Kind = kind,
            State = PrivacyRequestState.Queued,
            SubjectId = subjectId,
            RequestedById = requestedById,
            ReceivedAt = now,
            DueOn = DueOn(now),
            NextAttemptAt = now,
        };
    }

    /// <summary>A new pseudonym: "erased-" and ten characters from a fresh id, linked to nothing else.</summary>
    private string NewPseudonym() => DataSubject.PseudonymPrefix + ids.NewId().ToString("N")[^10..].ToUpperInvariant();
}
