using System.Globalization;
using System.Net;
using System.Security.Claims;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Portfolios.Endorsements;

/// <summary>What a request or answer came to: done, or refused with the form field and a message for the person.</summary>
public sealed record EndorsementOutcome(Endorsement? Endorsement, string? Field, string? Error)
{
    /// <summary>Whether it was done.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Whether it was refused because something changed meanwhile (pages answer 409).</summary>
    public bool IsConflict { get; private init; }

    internal static EndorsementOutcome Refuse(string field, string error) => new(null, field, error);

    internal static EndorsementOutcome Conflict(string error) => new(null, "", error) { IsConflict = true };
}

/// <summary>Where an endorsement stands for its endorser, which decides whether they may read the portfolio.</summary>
public enum EndorserAccess
{
    /// <summary>Asked and not yet answered: the endorser reads the portfolio and answers.</summary>
    Open,

    /// <summary>Endorsed, and the portfolio has changed since: the endorser reads what changed and confirms or declines.</summary>
    ChangedSinceEndorsed,

    /// <summary>Answered (endorsed with nothing changed since, or declined): the portfolio is no longer readable.</summary>
    Answered,

    /// <summary>Replaced by another request or reassigned to someone else.</summary>
    Withdrawn,

    /// <summary>The person no longer holds the Endorser role in the candidate's organisation.</summary>
    NoLongerEndorser,
}

/// <summary>An endorsement as its endorser sees it: the request, the candidate, and the portfolio while they may read it.</summary>
public sealed record EndorserView(
    Endorsement Endorsement,
    EndorserAccess Access,
    string CandidateName,
    string OrganisationName,
    LoadedPortfolio? Portfolio,
    IReadOnlyList<ContentChange> Changes)
{
    /// <summary>Whether the endorser may read the portfolio and answer.</summary>
    public bool CanRead => Access is EndorserAccess.Open or EndorserAccess.ChangedSinceEndorsed;
}

/// <summary>A request waiting for an endorser, as their list or the organisation admin's shows it.</summary>
public sealed record PendingEndorsement(Guid Id, Guid EnrolmentId, string CandidateId, string CandidateName, string EndorserId, string EndorserName, string EndorserRole, DateTimeOffset RequestedAt, bool AwaitingConfirmation);

/// <summary>
/// Endorsement by a verified person of the candidate's own authority. The candidate chooses among the endorsers of their
/// organisation (people an organisation admin gave the Endorser role, read through <see cref="IPeopleDirectory"/>), never
/// themselves and never anyone outside their authority; the endorser is emailed a link to a page behind sign-in, reads
/// the portfolio only while a question is open to them, and answers only from a sign-in with a second factor. An
/// endorsement binds to the portfolio's content (<see cref="PortfolioContent"/>); a later change must be confirmed by the
/// endorser before the candidate can submit. The organisation admin sees pending requests and reassigns them.
/// </summary>
public sealed class EndorsementRequests(
    AccreditationDbContext db,
    CandidatePortfolio portfolios,
    IPeopleDirectory people,
    IOrganisationDirectory organisations,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit,
    IEmailOutbox outbox)
{
    /// <summary>The relationships an endorser can have to the candidate.</summary>
    public static readonly IReadOnlyList<string> EndorserRoles = ["Line manager", "Principal social worker"];

    /// <summary>What an endorser is told when their sign-in did not use a second factor.</summary>
    public const string SecondFactorNeeded =
        "To read and endorse a candidate's portfolio you must sign in with your password and the code from your authenticator app. Sign out, then sign in again";

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The endorsers the candidate may choose: the Endorser role holders of the portfolio's organisation, never the candidate.</summary>
    public async Task<IReadOnlyList<PersonSummary>> EndorsersForAsync(Enrolment enrolment, CancellationToken ct) =>
        enrolment.OrganisationId is { } organisation
            ? (await people.EndorsersOfAsync(organisation, ct)).Where(p => p.Id != enrolment.CandidateId).ToList()
            : [];

    /// <summary>The name of the portfolio's organisation, or null.</summary>
    public async Task<string?> OrganisationNameAsync(Enrolment enrolment, CancellationToken ct) =>
        enrolment.OrganisationId is { } id ? (await organisations.FindAsync(id, ct))?.Name : null;

    /// <summary>
    /// Asks the chosen person to endorse the portfolio: checked against the organisation's endorsers whatever was posted,
    /// earlier open requests withdrawn (their endorsers' access ends), the endorser emailed through the outbox in the same
    /// transaction.
    /// </summary>
    public async Task<EndorsementOutcome> RequestAsync(LoadedPortfolio portfolio, string? endorserId, string? role, Uri siteRoot, CancellationToken ct)
    {
        var enrolment = portfolio.Enrolment;
        var organisationName = await OrganisationNameAsync(enrolment, ct);
        var chosen = await CheckEndorserAsync(enrolment, endorserId, organisationName, ct);
        if (chosen.Error is not null)
        {
            return EndorsementOutcome.Refuse("EndorserId", chosen.Error);
        }

        if (role is null || !EndorserRoles.Contains(role))
        {
            return EndorsementOutcome.Refuse("EndorserRole", "Select how your endorser knows your practice");
        }

        var candidate = await people.FindAsync(enrolment.CandidateId, ct);
        await WithdrawOpenAsync(enrolment.Id, ct);
        var endorsement = NewRequest(enrolment.Id, chosen.Person!, role);
        db.Add(endorsement);
        audit.Add("endorsement.requested", "Endorsement", endorsement.Id.ToString(), $"{role}, endorser {chosen.Person!.Id}");
        await EmailEndorserAsync(endorsement, candidate?.DisplayName ?? "A candidate", organisationName, siteRoot, ct);
        await db.SaveChangesAsync(ct);
        return new EndorsementOutcome(endorsement, null, null);
    }

    /// <summary>
    /// Emails the organisation admins of the portfolio's organisation to ask them to make the candidate's line manager or
    /// principal social worker an endorser (at most once a day per portfolio); returns a message for the candidate.
    /// </summary>
    public async Task<EndorsementOutcome> AskForAnEndorserAsync(LoadedPortfolio portfolio, string? note, Uri siteRoot, CancellationToken ct)
    {
        var enrolment = portfolio.Enrolment;
        var text = note?.Trim() ?? "";
        if (text.Length > 500)
        {
            return EndorsementOutcome.Refuse("Note", "Your note must be 500 characters or fewer");
        }

        if (enrolment.OrganisationId is not { } organisation)
        {
            return EndorsementOutcome.Refuse("Note", "Your portfolio is not linked to a local authority, so there is no organisation admin to ask. Contact the service's support team");
        }

        var admins = await people.OrganisationAdminsOfAsync(organisation, ct);
        if (admins.Count == 0)
        {
            return EndorsementOutcome.Refuse("Note", "Your organisation has no admin on this service yet. Ask your principal social worker to contact the service's support team");
        }

        var since = clock.GetUtcNow().AddDays(-1);
        var record = enrolment.Id.ToString();
        if (await db.AuditEntries.AnyAsync(a => a.Action == "endorsement.endorser-asked-for" && a.RecordId == record && a.At >= since, ct))
        {
            return EndorsementOutcome.Refuse("Note", "You have already asked your organisation's admin today. They have been emailed: give them a day to reply");
        }

        var candidate = await people.FindAsync(enrolment.CandidateId, ct);
        var name = candidate?.DisplayName ?? "A candidate";
        var invite = new Uri(siteRoot, "/admin/people/invite").ToString();
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = admins.Select(a => new EmailAddress(a.Email, a.DisplayName)).ToList(),
            Subject = $"{name} needs an endorser for their accreditation portfolio",
            TextBody = $"{name} is building an accreditation portfolio and needs their line manager or principal social worker to endorse it, " +
                "but nobody suitable in your organisation has the Endorser role on the service yet.\n\n" +
                (text.Length > 0 ? $"Their note: {text}\n\n" : "") +
                $"Give the right person the Endorser role, or invite them with it (they will set up two-factor authentication): {invite}",
            HtmlBody = $"<p>{WebUtility.HtmlEncode(name)} is building an accreditation portfolio and needs their line manager or principal social worker to endorse it, " +
                "but nobody suitable in your organisation has the Endorser role on the service yet.</p>" +
                (text.Length > 0 ? $"<p>Their note: {WebUtility.HtmlEncode(text)}</p>" : "") +
                $"<p><a href=\"{WebUtility.HtmlEncode(invite)}\">Give the right person the Endorser role, or invite them with it</a> (they will set up two-factor authentication).</p>",
        }, ct);
        audit.Add("endorsement.endorser-asked-for", "Portfolio", record, $"{admins.Count} organisation admins emailed");
        await db.SaveChangesAsync(ct);
        return new EndorsementOutcome(null, null, null);
    }

    /// <summary>The endorsement as its endorser sees it; null when there is no such request for this person (pages answer 404).</summary>
    public async Task<EndorserView?> ForEndorserAsync(Guid endorsementId, string? userId, CancellationToken ct)
    {
        var endorsement = await db.Set<Endorsement>().SingleOrDefaultAsync(e => e.Id == endorsementId, ct);
        if (endorsement?.EndorserId is null || userId is null || endorsement.EndorserId != userId)
        {
            return null;
        }

        var enrolment = await db.Set<Enrolment>().AsNoTracking().SingleAsync(e => e.Id == endorsement.EnrolmentId, ct);
        var candidate = await people.FindAsync(enrolment.CandidateId, ct);
        var organisationName = await OrganisationNameAsync(enrolment, ct) ?? "";
        var stillEndorser = enrolment.OrganisationId is { } organisation && userId != enrolment.CandidateId && await people.IsEndorserOfAsync(userId, organisation, ct);
        var access = endorsement.Status switch
        {
            EndorsementStatus.Withdrawn => EndorserAccess.Withdrawn,
            EndorsementStatus.Declined => EndorserAccess.Answered,
            _ when !stillEndorser => EndorserAccess.NoLongerEndorser,
            EndorsementStatus.Requested => EndorserAccess.Open,
            _ => EndorserAccess.Answered,
        };

        LoadedPortfolio? portfolio = null;
        IReadOnlyList<ContentChange> changes = [];
        if (access == EndorserAccess.Open)
        {
            portfolio = await portfolios.LoadAsync(enrolment.Id, ct);
        }
        else if (access == EndorserAccess.Answered && endorsement.Status == EndorsementStatus.Endorsed
            && await portfolios.LoadAsync(enrolment.Id, ct) is { } current)
        {
            // An endorsement opens the portfolio again only while it has changed since: to show what, and to confirm.
            var now = PortfolioContent.Of(current);
            if (now.Hash() != endorsement.EndorsedContentHash)
            {
                access = EndorserAccess.ChangedSinceEndorsed;
                portfolio = current;
                changes = now.ChangesSince(PortfolioContent.FromJson(endorsement.EndorsedContent));
            }
        }

        return new EndorserView(endorsement, access, candidate?.DisplayName ?? "", organisationName, portfolio, changes);
    }

    /// <summary>
    /// Records the endorser's answer: "Endorse" (with a statement of readiness) or "Decline" (with reasons the candidate
    /// reads) to an open request, "Confirm" or "Decline" after a change. Refused unless this sign-in used a second factor,
    /// the person is still an endorser of the candidate's organisation (and not the candidate), and the portfolio is still
    /// the one they read (<paramref name="readContentHash"/>, the hash their page showed).
    /// </summary>
    public async Task<EndorsementOutcome> AnswerAsync(EndorserView view, ClaimsPrincipal user, string? readContentHash, string? decision, string? statement, string? reasons, Uri siteRoot, CancellationToken ct)
    {
        if (!SignInMethods.UsedSecondFactor(user))
        {
            return EndorsementOutcome.Refuse("", SecondFactorNeeded);
        }

        if (!view.CanRead || view.Portfolio is null)
        {
            return EndorsementOutcome.Refuse("", view.Access == EndorserAccess.NoLongerEndorser
                ? $"You are no longer an endorser for {view.OrganisationName}, so you cannot answer this request. Ask your organisation's admin if this is wrong"
                : "This request has already been answered or has been passed to someone else. Reload the page to see where it stands");
        }

        var answer = new EndorsementAnswer(decision, statement, reasons);
        if (new EndorsementAnswerValidator(view.Access == EndorserAccess.ChangedSinceEndorsed).Validate(answer).ToFormErrors() is [var problem, ..])
        {
            return EndorsementOutcome.Refuse(problem.Field, problem.Message);
        }

        var endorsement = view.Endorsement;
        var content = PortfolioContent.Of(view.Portfolio);
        if (readContentHash != content.Hash())
        {
            // An endorsement vouches for what the endorser read, so a change while they read must be read first.
            return EndorsementOutcome.Conflict("The candidate changed their portfolio while you were reading it. Read it again as it is now, then give your answer");
        }

        Record(endorsement, answer, content);
        await EmailCandidateAsync(view, answer.Decision!, siteRoot, ct); // the validator allowed only the decisions named
        return await SaveAsync(endorsement, "This request changed while you were reading it (the candidate or their organisation's admin may have asked someone else). Reload the page to see where it stands.", ct);
    }

    // The answer on the endorsement: its status, what the endorser vouches for (nothing for a decline), and the audit entry.
    private void Record(Endorsement endorsement, EndorsementAnswer answer, PortfolioContent content)
    {
        var now = clock.GetUtcNow();
        switch (answer.Decision)
        {
            case "Endorse":
                endorsement.Status = EndorsementStatus.Endorsed;
                endorsement.ReadinessStatement = answer.StatementText;
                endorsement.DeclineReasons = null;
                break;
            case "Confirm":
                break;
            default:
                endorsement.Status = EndorsementStatus.Declined;
                endorsement.DeclineReasons = answer.ReasonsText;
                break;
        }

        // What the endorser read is what they vouch for; a decline keeps nothing of the portfolio.
        endorsement.EndorsedContent = answer.Decision == "Decline" ? null : content.ToJson();
        endorsement.EndorsedContentHash = answer.Decision == "Decline" ? null : content.Hash();
        endorsement.RespondedAt = now;
        var action = answer.Decision switch { "Endorse" => "endorsement.given", "Confirm" => "endorsement.confirmed", _ => "endorsement.declined" };
        audit.Add(action, "Endorsement", endorsement.Id.ToString(), $"by {endorsement.EndorserId}, content sha256 {endorsement.EndorsedContentHash ?? "none"}");
    }

    // Saves the change; when someone changed the same rows meanwhile, nothing is saved and the words say what happened.
    private async Task<EndorsementOutcome> SaveAsync(Endorsement endorsement, string conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return EndorsementOutcome.Conflict(conflict);
        }

        return new EndorsementOutcome(endorsement, null, null);
    }

    /// <summary>Requests waiting for this endorser: unanswered, or endorsed with changes to confirm.</summary>
    public async Task<IReadOnlyList<PendingEndorsement>> PendingForEndorserAsync(string userId, CancellationToken ct)
    {
        var rows = await db.Set<Endorsement>().AsNoTracking()
            .Where(e => e.EndorserId == userId && (e.Status == EndorsementStatus.Requested || e.Status == EndorsementStatus.Endorsed))
            .ToListAsync(ct);
        return await PendingAsync(rows, ct);
    }

    /// <summary>Every request of this endorser, newest first (the answered ones without their portfolios).</summary>
    public async Task<IReadOnlyList<Endorsement>> AllForEndorserAsync(string userId, CancellationToken ct) =>
        await db.Set<Endorsement>().AsNoTracking().Where(e => e.EndorserId == userId).OrderByDescending(e => e.RequestedAt).ToListAsync(ct);

    /// <summary>Requests of the organisation's candidates waiting for an endorser: unanswered, or endorsed with changes to confirm.</summary>
    public async Task<IReadOnlyList<PendingEndorsement>> PendingForOrganisationAsync(Guid organisationId, CancellationToken ct)
    {
        var rows = await (from e in db.Set<Endorsement>().AsNoTracking()
                          join enrolment in db.Set<Enrolment>() on e.EnrolmentId equals enrolment.Id
                          where enrolment.OrganisationId == organisationId && e.EndorserId != null
                              && (e.Status == EndorsementStatus.Requested || e.Status == EndorsementStatus.Endorsed)
                          select e).ToListAsync(ct);
        return await PendingAsync(rows, ct);
    }

    /// <summary>
    /// Passes a pending request of the admin's organisation to another of its endorsers: the first request is withdrawn
    /// (its endorser's access ends), the new endorser is asked and emailed.
    /// </summary>
    public async Task<EndorsementOutcome> ReassignAsync(Guid endorsementId, Guid adminOrganisation, string? newEndorserId, Uri siteRoot, CancellationToken ct)
    {
        var pending = (await PendingForOrganisationAsync(adminOrganisation, ct)).SingleOrDefault(p => p.Id == endorsementId);
        if (pending is null)
        {
            return EndorsementOutcome.Refuse("", "This request has been answered or passed on already, so it cannot be reassigned");
        }

        var enrolment = await db.Set<Enrolment>().AsNoTracking().SingleAsync(e => e.Id == pending.EnrolmentId, ct);
        var organisationName = await OrganisationNameAsync(enrolment, ct);
        if (newEndorserId == pending.EndorserId)
        {
            return EndorsementOutcome.Refuse("EndorserId", $"{pending.EndorserName} already has this request. Choose someone else");
        }

        var chosen = await CheckEndorserAsync(enrolment, newEndorserId, organisationName, ct, forCandidate: false);
        if (chosen.Error is not null)
        {
            return EndorsementOutcome.Refuse("EndorserId", chosen.Error);
        }

        var old = await db.Set<Endorsement>().SingleAsync(e => e.Id == endorsementId, ct);
        old.Status = EndorsementStatus.Withdrawn;
        var endorsement = NewRequest(enrolment.Id, chosen.Person!, old.EndorserRole);
        db.Add(endorsement);
        audit.Add("endorsement.reassigned", "Endorsement", old.Id.ToString(), $"from {old.EndorserId} to {chosen.Person!.Id} (new request {endorsement.Id})");
        await EmailEndorserAsync(endorsement, pending.CandidateName, organisationName, siteRoot, ct);
        return await SaveAsync(endorsement, "The endorser answered this request at the same moment, so it was not reassigned. Check the list again", ct);
    }

    /// <summary>
    /// Whether the portfolio's endorsement counts for submission: endorsed by a verified endorser, and the portfolio's
    /// content is what they endorsed (or they confirmed it since).
    /// </summary>
    public static EndorsementStanding StandingOf(Endorsement? endorsement, LoadedPortfolio portfolio) => endorsement switch
    {
        null => EndorsementStanding.NotAsked,
        { EndorserId: null } => EndorsementStanding.LinkNoLongerAccepted,
        { Status: EndorsementStatus.Requested } => EndorsementStanding.Waiting,
        { Status: EndorsementStatus.Declined } => EndorsementStanding.Declined,
        { Status: EndorsementStatus.Endorsed } e when e.EndorsedContentHash != PortfolioContent.Of(portfolio).Hash() => EndorsementStanding.ChangedSinceEndorsed,
        { Status: EndorsementStatus.Endorsed } => EndorsementStanding.Endorsed,
        _ => EndorsementStanding.NotAsked,
    };

    private async Task<(PersonSummary? Person, string? Error)> CheckEndorserAsync(Enrolment enrolment, string? personId, string? organisationName, CancellationToken ct, bool forCandidate = true)
    {
        if (string.IsNullOrWhiteSpace(personId))
        {
            return (null, forCandidate ? "Select who you want to endorse your portfolio" : "Select who should endorse this portfolio");
        }

        if (personId == enrolment.CandidateId)
        {
            return (null, forCandidate
                ? "You cannot endorse your own portfolio. Choose your line manager or principal social worker from the list"
                : "Candidates cannot endorse their own portfolio. Choose someone else from the list");
        }

        if (enrolment.OrganisationId is not { } organisation)
        {
            return (null, "This portfolio is not linked to a local authority, so nobody can endorse it yet. Ask your organisation's admin to link your account");
        }

        if (!await people.IsEndorserOfAsync(personId, organisation, ct))
        {
            return (null, $"Choose someone from the list: only endorsers of {organisationName ?? "your organisation"} can endorse {(forCandidate ? "your" : "this")} portfolio");
        }

        return (await people.FindAsync(personId, ct), null);
    }

    private async Task WithdrawOpenAsync(Guid enrolmentId, CancellationToken ct)
    {
        foreach (var open in await db.Set<Endorsement>().Where(e => e.EnrolmentId == enrolmentId && (e.Status == EndorsementStatus.Requested || e.Status == EndorsementStatus.Endorsed)).ToListAsync(ct))
        {
            open.Status = EndorsementStatus.Withdrawn;
        }
    }

    private Endorsement NewRequest(Guid enrolmentId, PersonSummary endorser, string role) => new()
    {
        Id = ids.NewId(),
        EnrolmentId = enrolmentId,
        EndorserId = endorser.Id,
        EndorserName = endorser.DisplayName,
        EndorserEmail = endorser.Email,
        EndorserRole = role,
        Status = EndorsementStatus.Requested,
        RequestedAt = clock.GetUtcNow(),
    };

    private async Task<IReadOnlyList<PendingEndorsement>> PendingAsync(List<Endorsement> rows, CancellationToken ct)
    {
        var result = new List<PendingEndorsement>();
        foreach (var e in rows)
        {
            var awaiting = false;
            var enrolment = await db.Set<Enrolment>().AsNoTracking().SingleAsync(x => x.Id == e.EnrolmentId, ct);
            if (e.Status == EndorsementStatus.Endorsed)
            {
                // Only endorsements whose portfolio has changed since are waiting for their endorser.
                var portfolio = await portfolios.LoadAsync(e.EnrolmentId, ct);
                if (portfolio is null || PortfolioContent.Of(portfolio).Hash() == e.EndorsedContentHash)
                {
                    continue;
                }

                awaiting = true;
            }

            var candidate = await people.FindAsync(enrolment.CandidateId, ct);
            result.Add(new PendingEndorsement(e.Id, e.EnrolmentId, enrolment.CandidateId, candidate?.DisplayName ?? "", e.EndorserId!, e.EndorserName, e.EndorserRole, e.RequestedAt, awaiting));
        }

        return result.OrderBy(r => r.RequestedAt).ToList();
    }

    private async Task EmailEndorserAsync(Endorsement endorsement, string candidateName, string? organisationName, Uri siteRoot, CancellationToken ct)
    {
        var link = new Uri(siteRoot, $"/endorsements/{endorsement.Id}").ToString();
        var role = endorsement.EndorserRole.ToLower(English);
        var where = organisationName is null ? "" : $" at {organisationName}";
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(endorsement.EndorserEmail, endorsement.EndorserName)],
            Subject = $"{candidateName} asks you to endorse their accreditation portfolio",
            TextBody = $"Dear {endorsement.EndorserName},\n\n{candidateName}{where} has named you as their {role} and asks you to endorse their " +
                "accreditation portfolio.\n\nSign in to the service with your password and the code from your authenticator app, then read " +
                $"the portfolio and endorse it, or decline with your reasons:\n{link}\n\nThe link only works once you have signed in; do not " +
                "forward this email. If you were not expecting it, tell your organisation's admin.",
            HtmlBody = $"<p>Dear {WebUtility.HtmlEncode(endorsement.EndorserName)},</p>" +
                $"<p>{WebUtility.HtmlEncode(candidateName + where)} has named you as their {WebUtility.HtmlEncode(role)} and asks you to endorse their accreditation portfolio.</p>" +
                "<p>Sign in to the service with your password and the code from your authenticator app, then " +
                $"<a href=\"{WebUtility.HtmlEncode(link)}\">read the portfolio and endorse it, or decline with your reasons</a>.</p>" +
                "<p>The link only works once you have signed in; do not forward this email. If you were not expecting it, tell your organisation's admin.</p>",
        }, ct);
    }

    private async Task EmailCandidateAsync(EndorserView view, string decision, Uri siteRoot, CancellationToken ct)
    {
        var candidate = await people.FindAsync(view.Portfolio!.Enrolment.CandidateId, ct);
        if (candidate is null || candidate.Email.Length == 0)
        {
            return;
        }

        var link = new Uri(siteRoot, $"/portfolio/{view.Portfolio.Enrolment.Id}/endorsement").ToString();
        var what = decision switch
        {
            "Endorse" => $"{view.Endorsement.EndorserName} has endorsed your accreditation portfolio.",
            "Confirm" => $"{view.Endorsement.EndorserName} has confirmed their endorsement of your portfolio after your changes.",
            _ => $"{view.Endorsement.EndorserName} has declined to endorse your accreditation portfolio for now, with reasons you can read.",
        };
        await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(candidate.Email, candidate.DisplayName)],
            Subject = decision == "Decline" ? "Your endorser has answered: not yet" : "Your portfolio has been endorsed",
            TextBody = $"Dear {candidate.DisplayName},\n\n{what}\n\nSee where your portfolio stands: {link}",
            HtmlBody = $"<p>Dear {WebUtility.HtmlEncode(candidate.DisplayName)},</p><p>{WebUtility.HtmlEncode(what)}</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">See where your portfolio stands</a>.</p>",
        }, ct);
    }
}

/// <summary>Where a portfolio's endorsement stands for submission.</summary>
public enum EndorsementStanding
{
    /// <summary>Nobody has been asked.</summary>
    NotAsked,

    /// <summary>The only request was sent as a link before endorsers had to sign in; it no longer counts.</summary>
    LinkNoLongerAccepted,

    /// <summary>Asked; the endorser has not answered.</summary>
    Waiting,

    /// <summary>The endorser declined.</summary>
    Declined,

    /// <summary>Endorsed, but the portfolio changed since: the endorser must confirm.</summary>
    ChangedSinceEndorsed,

    /// <summary>Endorsed, and the portfolio is as endorsed.</summary>
    Endorsed,
}
