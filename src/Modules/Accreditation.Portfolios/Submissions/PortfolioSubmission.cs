using System.Security.Cryptography;
using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Forms;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Submissions;

/// <summary>Where a portfolio stands for submission: what is missing, the latest submission, the endorsement, the findings.</summary>
public sealed record SubmissionReadiness(
    IReadOnlyList<FormError> Problems,
    IReadOnlyList<PrivacyFinding> Findings,
    Endorsement? Endorsement,
    Submission? Latest,
    bool WindowOpen)
{
    /// <summary>Where the endorsement stands: only <see cref="EndorsementStanding.Endorsed"/> lets the portfolio be submitted.</summary>
    public EndorsementStanding Standing { get; init; }

    /// <summary>Whether a submission is under way (submitted or being marked, not withdrawn or decided).</summary>
    public bool HasActiveSubmission => Latest is { Status: SubmissionStatus.Submitted or SubmissionStatus.MarkingStarted or SubmissionStatus.Achieved or SubmissionStatus.PortfolioMet };
}

/// <summary>
/// Checks a portfolio and submits it: every statement evidenced, the endorsement given, the window open, and the privacy
/// findings either gone or confirmed. A submission is an immutable snapshot (JSON plus its SHA-256); the candidate can
/// withdraw it until marking starts, and submit again after a "not yet" decision as a new attempt.
/// </summary>
public sealed class PortfolioSubmission(AccreditationDbContext db, TimeProvider clock, IIdSource ids, IAuditTrail audit, PrivacyScanCache scans)
{
    /// <summary>What stands between the portfolio and submission.</summary>
    public async Task<SubmissionReadiness> CheckAsync(LoadedPortfolio portfolio, CancellationToken ct)
    {
        var problems = new List<FormError>();
        var windowOpen = portfolio.Window.IsOpenOn(UkCalendar.Today(clock));
        var latest = await db.Set<Submission>().AsNoTracking().Where(s => s.EnrolmentId == portfolio.Enrolment.Id)
            .OrderByDescending(s => s.SubmittedAt).FirstOrDefaultAsync(ct);
        var endorsement = await CurrentEndorsementAsync(portfolio.Enrolment.Id, ct);
        var findings = PrivacyReview.Scan(portfolio, scans);

        if (latest is { Status: SubmissionStatus.Submitted or SubmissionStatus.MarkingStarted })
        {
            problems.Add(new FormError("", "Your portfolio has already been submitted."));
        }
        else if (latest is { Status: SubmissionStatus.Achieved })
        {
            problems.Add(new FormError("", "Your portfolio has already been accredited."));
        }
        else if (latest is { Status: SubmissionStatus.PortfolioMet })
        {
            problems.Add(new FormError("", "Your portfolio met the standard, so you do not need to submit it again: your results page says what is still needed."));
        }

        if (!windowOpen)
        {
            problems.Add(new FormError("", $"The {portfolio.Window.Name} assessment window is closed: it was open from {UkCalendar.Format(portfolio.Window.OpensOn)} to {UkCalendar.Format(portfolio.Window.ClosesOn)}."));
        }

        foreach (var progress in portfolio.Progress().Where(p => p.State != StatementState.Evidenced))
        {
            problems.Add(new FormError($"statement-{progress.Statement.Number}",
                progress.State == StatementState.NotStarted
                    ? $"Add evidence for statement {progress.Statement.Number}: {progress.Statement.Title}"
                    : $"Finish the evidence for statement {progress.Statement.Number}: {progress.Statement.Title} (it needs content and a rationale)"));
        }

        var standing = EndorsementRequests.StandingOf(endorsement, portfolio);
        if (standing != EndorsementStanding.Endorsed)
        {
            problems.Add(new FormError("endorsement", standing switch
            {
                EndorsementStanding.Declined => "Your endorser declined to endorse your portfolio: read their reasons and ask again when you are ready",
                EndorsementStanding.Waiting => $"Your endorsement from {endorsement!.EndorserName} has not been given yet",
                EndorsementStanding.ChangedSinceEndorsed => $"Your portfolio has changed since {endorsement!.EndorserName} endorsed it: they must confirm their endorsement before you can submit",
                EndorsementStanding.LinkNoLongerAccepted => "Your endorsement was asked for by a link, which no longer counts: choose your endorser from your organisation and ask again",
                _ => "Ask your line manager or principal social worker to endorse your portfolio",
            }));
        }

        return new SubmissionReadiness(problems, findings, endorsement, latest, windowOpen) { Standing = standing };
    }

    /// <summary>The latest endorsement request that is not withdrawn, or null.</summary>
    public Task<Endorsement?> CurrentEndorsementAsync(Guid enrolmentId, CancellationToken ct) =>
        db.Set<Endorsement>().AsNoTracking().Where(e => e.EnrolmentId == enrolmentId && e.Status != EndorsementStatus.Withdrawn)
            .OrderByDescending(e => e.RequestedAt).FirstOrDefaultAsync(ct);

    /// <summary>Submits, or returns the problems (nothing is stored then).</summary>
    public async Task<(Submission? Submission, IReadOnlyList<FormError> Problems)> SubmitAsync(LoadedPortfolio portfolio, bool privacyConfirmed, CancellationToken ct)
    {
        // Touching the enrolment makes two submissions at once (a double click, two tabs) conflict instead of both landing.
        var enrolment = await db.Set<Enrolment>().SingleAsync(e => e.Id == portfolio.Enrolment.Id, ct);
        db.Entry(enrolment).Property(e => e.ReasonableAdjustments).IsModified = true;
        var readiness = await CheckAsync(portfolio, ct);
        var problems = readiness.Problems.ToList();
        if (readiness.Findings.Count > 0 && !privacyConfirmed)
        {
            problems.Add(new FormError("ConfirmPrivacy",
                $"Check the {readiness.Findings.Count} possible {(readiness.Findings.Count == 1 ? "identifier" : "identifiers")} of children or families: remove them, or confirm they do not identify anyone"));
        }

        if (problems.Count > 0)
        {
            db.ChangeTracker.Clear();
            return (null, problems);
        }

        var now = clock.GetUtcNow();
        var document = PortfolioDocuments.From(portfolio, readiness.Endorsement, now, blind: true);
        var json = document.ToJson();
        var attempts = await db.Set<Submission>().CountAsync(s => s.EnrolmentId == portfolio.Enrolment.Id && s.Status != SubmissionStatus.Withdrawn, ct);
        var submission = new Submission
        {
            Id = ids.NewId(),
            EnrolmentId = portfolio.Enrolment.Id,
            Attempt = attempts + 1,
            SubmittedAt = now,
            SnapshotJson = json,
            ContentHash = Hash(json),
            PrivacyFindingsConfirmed = readiness.Findings.Count,
            Status = SubmissionStatus.Submitted,
            StatusChangedAt = now,
        };
        foreach (var fileId in portfolio.Items.Where(i => i.FileId is not null).Select(i => i.FileId!.Value).Distinct())
        {
            submission.Files.Add(new SubmissionFile { SubmissionId = submission.Id, FileId = fileId });
        }

        db.Add(submission);
        audit.Add("portfolio.submitted", "Submission", submission.Id.ToString(), $"attempt {submission.Attempt}, sha256 {submission.ContentHash}, {readiness.Findings.Count} privacy findings confirmed");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return (null, [new FormError("", "Your portfolio was submitted from another tab or window at the same moment. Check your submissions below.")]);
        }

        return (submission, []);
    }

    /// <summary>Withdraws the submission if marking has not started; false otherwise.</summary>
    public async Task<bool> WithdrawAsync(LoadedPortfolio portfolio, Guid submissionId, CancellationToken ct)
    {
        var submission = await db.Set<Submission>().SingleOrDefaultAsync(s => s.Id == submissionId && s.EnrolmentId == portfolio.Enrolment.Id, ct);
        if (submission is not { Status: SubmissionStatus.Submitted })
        {
            return false;
        }

        submission.Status = SubmissionStatus.Withdrawn;
        submission.StatusChangedAt = clock.GetUtcNow();
        audit.Add("portfolio.withdrawn", "Submission", submission.Id.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Marking started at the same moment: the submission stays with the assessors.
            db.ChangeTracker.Clear();
            return false;
        }

        return true;
    }

    /// <summary>SHA-256 of the snapshot's UTF-8 bytes, lowercase hex.</summary>
    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
