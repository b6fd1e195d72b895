using System.Globalization;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Scoring;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Dates;
using Accreditation.Core.Time;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Programmes;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Assessments.Sittings;

/// <summary>The outcome of starting (or resuming) a sitting.</summary>
public sealed record StartResult(Guid? SittingId, string? Error, bool Resumed = false);

/// <summary>What became of a saved answer.</summary>
public enum SaveOutcome
{
    /// <summary>Stored.</summary>
    Saved,

    /// <summary>Acknowledged, but a later change to the same question (another tab) is kept.</summary>
    Superseded,

    /// <summary>Refused: the time is up or the sitting was submitted.</summary>
    Closed,

    /// <summary>No such sitting or question for this candidate.</summary>
    NotFound,

    /// <summary>The choice is not valid for the question.</summary>
    Invalid,
}

/// <summary>Why a sitting cannot start now, and the UK date from which it can, when there is one.</summary>
public sealed record StartBlock(string Message, DateOnly? From = null);

/// <summary>The result of a save, with the seconds left by the server's clock.</summary>
public sealed record SaveResult(SaveOutcome Outcome, long SecondsLeft, string Message);

/// <summary>Starts, saves, submits and releases sittings. The server's clock decides every deadline.</summary>
public sealed class SittingService(AccreditationDbContext db, IEnrolments enrolments, TimeProvider clock, IIdSource ids, IAuditTrail audit, SqliteWriteGate gate, IOptionTokenSource tokens)
{
    /// <summary>
    /// Why a new sitting of the enrolment cannot start today (the window, the blueprint, a pass, the attempts allowed, the
    /// days before a resit), or null when it can. The assessment page shows this instead of the start button, and a start
    /// posted anyway is refused with the same words.
    /// </summary>
    public StartBlock? WhyNotStart(EnrolmentSummary enrolment, Blueprint? blueprint, IReadOnlyCollection<Sitting> previous)
    {
        var today = UkCalendar.Today(clock);
        if (previous.Any(s => s.Passed))
        {
            return new StartBlock("You have already passed this assessment.");
        }

        if (blueprint is null)
        {
            return new StartBlock($"The assessment for {enrolment.ProgrammeName} is not ready yet.");
        }

        if (previous.Count >= blueprint.MaxAttempts)
        {
            return new StartBlock($"You have used all {blueprint.MaxAttempts} attempts allowed for this programme in {enrolment.WindowName}. To sit it again, enrol in a later assessment window.");
        }

        var from = ResitFrom(previous, blueprint);
        if (from is { } resit && resit > enrolment.ClosesOn)
        {
            return new StartBlock($"You could sit the assessment again from {UkCalendar.Format(resit)}, after {enrolment.WindowName} closes on {UkCalendar.Format(enrolment.ClosesOn)}. To sit it again, enrol in a later assessment window.", resit);
        }

        if (today < enrolment.OpensOn || today > enrolment.ClosesOn)
        {
            return new StartBlock($"You can sit the assessment only while {enrolment.WindowName} is open, from {UkCalendar.Format(enrolment.OpensOn)} to {UkCalendar.Format(enrolment.ClosesOn)}.",
                today < enrolment.OpensOn ? enrolment.OpensOn : null);
        }

        if (from is { } date && today < date)
        {
            return new StartBlock($"You can sit the assessment again from {UkCalendar.Format(date)}.", date);
        }

        return null;
    }

    /// <summary>The first UK day a resit is allowed after the latest submitted sitting, or null when none was submitted.</summary>
    public static DateOnly? ResitFrom(IEnumerable<Sitting> previous, Blueprint blueprint) =>
        previous.Where(s => s.SubmittedAt is not null).Select(s => s.SubmittedAt!.Value).DefaultIfEmpty().Max() is var last && last != default
            ? DateOnly.FromDateTime(UkCalendar.Local(last)).AddDays(blueprint.ResitAfterDays)
            : null;

    /// <summary>Starts the candidate's sitting for an enrolment, or resumes the one under way.</summary>
    public async Task<StartResult> StartAsync(Guid enrolmentId, string candidateId, CancellationToken ct)
    {
        var enrolment = await enrolments.FindAsync(enrolmentId, ct);
        if (enrolment is null || enrolment.CandidateId != candidateId)
        {
            return new StartResult(null, "You are not enrolled in that assessment window.");
        }

        var active = await db.Set<Sitting>().AsNoTracking().Where(s => s.CandidateId == candidateId && s.Status == SittingStatus.Active)
            .Select(s => new { s.Id, s.EnrolmentId }).FirstOrDefaultAsync(ct);
        if (active is not null)
        {
            return await ResumeAsync(active.Id, active.EnrolmentId == enrolmentId, ct);
        }

        var blueprint = await db.Set<Blueprint>().AsNoTracking().SingleOrDefaultAsync(b => b.ProgrammeId == enrolment.ProgrammeId, ct);
        var previous = await db.Set<Sitting>().AsNoTracking().Where(s => s.EnrolmentId == enrolmentId).ToListAsync(ct);
        if (WhyNotStart(enrolment, blueprint, previous) is { } blocked)
        {
            return new StartResult(null, blocked.Message);
        }

        var attempt = previous.Count + 1;
        var seed = FormDraw.SeedFor(enrolmentId, attempt);
        var live = await db.Set<QuestionItem>().AsNoTracking().Where(i => i.Status == ItemStatus.Live).ToListAsync(ct);
        var form = FormDraw.Draw(blueprint!, live, seed);
        if (form.Error is not null)
        {
            return new StartResult(null, $"The assessment for {enrolment.ProgrammeName} is not ready yet. {form.Error}");
        }

        var adjustment = await db.Set<SittingAdjustment>().AsNoTracking().SingleOrDefaultAsync(a => a.EnrolmentId == enrolmentId, ct);
        var sitting = AddSitting(enrolment, candidateId, attempt, seed, form, AllowedTime(blueprint!, adjustment));
        return await SaveStartedAsync(sitting, ct);
    }

    // The candidate's sitting under way: resumed if it is of this enrolment and still in time (else submitted now).
    private async Task<StartResult> ResumeAsync(Guid activeId, bool ofThisEnrolment, CancellationToken ct)
    {
        if (!ofThisEnrolment)
        {
            return new StartResult(null, "You already have an assessment under way. Finish it before you start another.");
        }

        if (await ExpireIfDueAsync(activeId, ct))
        {
            return new StartResult(null, "The time for your assessment has run out; it has been submitted.");
        }

        await audit.RecordAsync("assessment.sitting-resumed", "Sitting", activeId.ToString(), ct: ct);
        return new StartResult(activeId, null, Resumed: true);
    }

    // A new sitting of the drawn form, its items in the form's order with their option tokens, and its audit entry, not yet saved.
    private Sitting AddSitting(EnrolmentSummary enrolment, string candidateId, int attempt, int seed, DrawResult form, TimeSpan allowed)
    {
        var now = clock.GetUtcNow();
        var sitting = new Sitting
        {
            Id = ids.NewId(),
            EnrolmentId = enrolment.EnrolmentId,
            ProgrammeId = enrolment.ProgrammeId,
            CandidateId = candidateId,
            Attempt = attempt,
            Seed = seed,
            Status = SittingStatus.Active,
            StartedAt = now,
            Deadline = now + allowed,
        };
        db.Add(sitting);
        var position = 0;
        foreach (var item in form.Items)
        {
            db.Add(new SittingItem
            {
                SittingId = sitting.Id,
                Position = ++position,
                ItemId = item.ItemId,
                OptionOrder = string.Join(',', item.OptionOrder),
                OptionTokens = tokens.NewTokens(item.OptionOrder.Count),
            });
        }

        audit.Add("assessment.sitting-started", "Sitting", sitting.Id.ToString(),
            FormattableString.Invariant($"attempt {attempt}, {form.Items.Count} items, seed {seed}, deadline {sitting.Deadline:O}"));
        return sitting;
    }

    // Saves a new sitting (one writer at a time on SQLite); when another tab started one at the same moment, resumes that one.
    private async Task<StartResult> SaveStartedAsync(Sitting sitting, CancellationToken ct)
    {
        try
        {
            using (await gate.EnterAsync(db, ct))
            {
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException)
        {
            // Another tab started one at the same moment (the one-active index): resume that one.
            db.ChangeTracker.Clear();
            var other = await db.Set<Sitting>().AsNoTracking().Where(s => s.CandidateId == sitting.CandidateId && s.Status == SittingStatus.Active).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
            return other is null ? new StartResult(null, "Your assessment could not be started. Try again.") : new StartResult(other, null, Resumed: true);
        }

        return new StartResult(sitting.Id, null);
    }

    /// <summary>The time a candidate has: the blueprint's limit plus extra time and rest breaks from their adjustment.</summary>
    public static TimeSpan AllowedTime(Blueprint blueprint, SittingAdjustment? adjustment) =>
        TimeSpan.FromMinutes(blueprint.TimeLimitMinutes * (100 + (adjustment?.ExtraTimePercent ?? 0)) / 100.0 + (adjustment?.RestBreakMinutes ?? 0));

    /// <summary>The candidate's sitting (submitting it first if its time ran out), or null when it is not theirs.</summary>
    public async Task<Sitting?> ForCandidateAsync(Guid sittingId, string candidateId, CancellationToken ct)
    {
        if (await ExpireIfDueAsync(sittingId, ct))
        {
            db.ChangeTracker.Clear();
        }

        return await db.Set<Sitting>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == sittingId && s.CandidateId == candidateId, ct);
    }

    /// <summary>Records that a question was shown (first time only), for time taken.</summary>
    public async Task MarkShownAsync(Guid sittingId, int position, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var query = db.Set<SittingItem>().Where(i => i.SittingId == sittingId && i.Position == position && i.ShownAt == null && !i.Locked);
        if (!await query.AnyAsync(ct))
        {
            return; // shown before: no write
        }

        using (await gate.EnterAsync(db, ct))
        {
            await query.ExecuteUpdateAsync(u => u.SetProperty(i => i.ShownAt, now), ct);
        }
    }

    /// <summary>
    /// Saves an answer: one conditional update of the answer's row (kept only if no later change is stored and the sitting
    /// is not being submitted) and its audit entry, in one transaction. <paramref name="choices"/> are the option values the
    /// page showed (this sitting's tokens, never the authored order); <paramref name="changedAtMs"/> is the browser's
    /// change time (clamped to the sitting's time so far); null for a form post (the server's time).
    /// </summary>
    public async Task<SaveResult> SaveAsync(Guid sittingId, string candidateId, int position, IReadOnlyCollection<string> choices, long? changedAtMs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = await (from i in db.Set<SittingItem>().AsNoTracking()
                         join s in db.Set<Sitting>() on i.SittingId equals s.Id
                         join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                         where i.SittingId == sittingId && i.Position == position && s.CandidateId == candidateId
                         select new { s.Status, s.Deadline, s.StartedAt, i.OptionOrder, i.OptionTokens, q.Kind }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return new SaveResult(SaveOutcome.NotFound, 0, "There is no such question in your assessment.");
        }

        if (row.Status != SittingStatus.Active)
        {
            return new SaveResult(SaveOutcome.Closed, 0, "Your assessment has been submitted; answers can no longer be changed.");
        }

        if (now > row.Deadline)
        {
            await ExpireIfDueAsync(sittingId, ct);
            return new SaveResult(SaveOutcome.Closed, 0, "Your time is up. Your assessment has been submitted with the answers saved before the time limit.");
        }

        var secondsLeft = (long)Math.Floor((row.Deadline - now).TotalSeconds);
        var options = ShownOptions(row.OptionOrder, row.OptionTokens ?? await TokensAsync(sittingId, position, ct)).ToDictionary(o => o.Token, o => o.Index, StringComparer.Ordinal);
        var chosen = choices.Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Any(c => !options.ContainsKey(c)) || (row.Kind == ItemKind.Single && chosen.Count > 1))
        {
            return new SaveResult(SaveOutcome.Invalid, secondsLeft, row.Kind == ItemKind.Single ? "Choose one answer." : "Choose from the answers shown.");
        }

        var distinct = chosen.Select(c => options[c]).Order().ToList();
        var nowMs = now.ToUnixTimeMilliseconds();
        var changedAt = Math.Clamp(changedAtMs ?? nowMs, row.StartedAt.ToUnixTimeMilliseconds(), nowMs);
        var answer = distinct.Count == 0 ? null : string.Join(',', distinct.Select(c => c.ToString(CultureInfo.InvariantCulture)));
        using var writing = await gate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Set<SittingItem>()
            .Where(i => i.SittingId == sittingId && i.Position == position && !i.Locked && i.ChangedAt <= changedAt)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Answer, answer).SetProperty(i => i.ChangedAt, changedAt), ct);
        if (updated == 0)
        {
            await transaction.RollbackAsync(ct);
            writing.Dispose();
            var locked = await db.Set<SittingItem>().AnyAsync(i => i.SittingId == sittingId && i.Position == position && i.Locked, ct);
            return locked
                ? new SaveResult(SaveOutcome.Closed, 0, "Your assessment has been submitted; answers can no longer be changed.")
                : new SaveResult(SaveOutcome.Superseded, secondsLeft, "A later answer to this question, from another tab or window, is kept.");
        }

        audit.Add("assessment.answer-saved", "Sitting", sittingId.ToString(), FormattableString.Invariant($"question {position}"));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SaveResult(SaveOutcome.Saved, secondsLeft, $"Answer saved at {UkCalendar.Local(now):HH:mm:ss}");
    }

    /// <summary>
    /// The option values a question of this sitting shows, in the candidate's order: a random token per option, made when
    /// the sitting started (or on first use, for a sitting started before tokens existed), so the value posted tells
    /// nothing of the authored order and differs between sittings.
    /// </summary>
    public async Task<string> TokensAsync(Guid sittingId, int position, CancellationToken ct)
    {
        var row = await db.Set<SittingItem>().AsNoTracking().Where(i => i.SittingId == sittingId && i.Position == position)
            .Select(i => new { i.OptionOrder, i.OptionTokens }).SingleAsync(ct);
        if (row.OptionTokens is { } existing)
        {
            return existing;
        }

        var made = tokens.NewTokens(row.OptionOrder.Split(',').Length);
        using (await gate.EnterAsync(db, ct))
        {
            await db.Set<SittingItem>().Where(i => i.SittingId == sittingId && i.Position == position && i.OptionTokens == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.OptionTokens, made), ct);
        }

        // Of two requests making tokens at once, the first write stands for both.
        return await db.Set<SittingItem>().AsNoTracking().Where(i => i.SittingId == sittingId && i.Position == position).Select(i => i.OptionTokens!).SingleAsync(ct);
    }

    /// <summary>Each shown option's token with its authored index, in the shown order.</summary>
    public static IReadOnlyList<(string Token, int Index)> ShownOptions(string optionOrder, string optionTokens) =>
        optionTokens.Split(',').Zip(optionOrder.Split(',').Select(int.Parse)).ToList();

    /// <summary>Submits the sitting if it is active and its time has run out; true when it did.</summary>
    public async Task<bool> ExpireIfDueAsync(Guid sittingId, CancellationToken ct)
    {
        var sitting = await db.Set<Sitting>().AsNoTracking().Where(s => s.Id == sittingId && s.Status == SittingStatus.Active)
            .Select(s => new { s.Deadline }).SingleOrDefaultAsync(ct);
        if (sitting is null || clock.GetUtcNow() <= sitting.Deadline)
        {
            return false;
        }

        return await SubmitAsync(sittingId, byTimeLimit: true, ct);
    }

    /// <summary>Submits every active sitting whose time has run out (the background task); returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = (await db.Set<Sitting>().AsNoTracking().Where(s => s.Status == SittingStatus.Active).Select(s => new { s.Id, s.Deadline }).ToListAsync(ct))
            .Where(s => now > s.Deadline).ToList();
        var count = 0;
        foreach (var sitting in due)
        {
            if (await SubmitAsync(sitting.Id, byTimeLimit: true, ct))
            {
                count++;
            }

            db.ChangeTracker.Clear();
        }

        return count;
    }

    /// <summary>The candidate submits their sitting (refused when it is not theirs; at the time limit the server submits it).</summary>
    public async Task<bool> SubmitByCandidateAsync(Guid sittingId, string candidateId, CancellationToken ct)
    {
        if (!await db.Set<Sitting>().AnyAsync(s => s.Id == sittingId && s.CandidateId == candidateId, ct))
        {
            return false;
        }

        if (await ExpireIfDueAsync(sittingId, ct))
        {
            return true;
        }

        await SubmitAsync(sittingId, byTimeLimit: false, ct);
        return true;
    }

    /// <summary>Locks the answers, scores them and closes the sitting, in one transaction; false when it was already submitted.</summary>
    private async Task<bool> SubmitAsync(Guid sittingId, bool byTimeLimit, CancellationToken ct)
    {
        using var writing = await gate.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // First: lock every answer row, so a save racing this submit either committed before (and is scored) or is refused.
        await db.Set<SittingItem>().Where(i => i.SittingId == sittingId).ExecuteUpdateAsync(u => u.SetProperty(i => i.Locked, true), ct);
        var sitting = await db.Set<Sitting>().SingleOrDefaultAsync(s => s.Id == sittingId, ct);
        if (sitting is null || sitting.Status != SittingStatus.Active)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        var rows = await (from i in db.Set<SittingItem>()
                          join q in db.Set<QuestionItem>() on i.ItemId equals q.Id
                          where i.SittingId == sittingId
                          select new { Row = i, q.Kind, q.Correct, q.PartialCredit, q.Group }).ToListAsync(ct);
        var groups = new Dictionary<string, (double Score, int Max)>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            var correct = r.Correct.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
            var mark = ItemScoring.Mark(r.Kind, correct, ItemScoring.Parse(r.Row.Answer).ToList(), r.PartialCredit);
            r.Row.Mark = mark;
            var g = groups.GetValueOrDefault(r.Group);
            groups[r.Group] = (g.Score + mark, g.Max + 1);
        }

        var blueprint = await db.Set<Blueprint>().AsNoTracking().SingleOrDefaultAsync(b => b.ProgrammeId == sitting.ProgrammeId, ct);
        sitting.Status = SittingStatus.Submitted;
        sitting.SubmittedAt = byTimeLimit ? sitting.Deadline : clock.GetUtcNow();
        sitting.SubmittedByTimeLimit = byTimeLimit;
        sitting.Score = Math.Round(rows.Sum(r => r.Row.Mark ?? 0), 4);
        sitting.MaxScore = rows.Count;
        sitting.Passed = rows.Count > 0 && sitting.Score * 100 >= (blueprint?.PassMarkPercent ?? 100) * rows.Count - 1e-9;
        sitting.GroupFeedback = GroupFeedback.Format(groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GroupFeedback(g.Key, g.Value.Score, g.Value.Max)));
        audit.Add(byTimeLimit ? "assessment.sitting-timed-out" : "assessment.sitting-submitted", "Sitting", sittingId.ToString(),
            FormattableString.Invariant($"{rows.Count(r => r.Row.Answer is not null)} of {rows.Count} answered"));
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Submitted at the same moment by another request (another tab, or the background task).
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Releases the held results of submitted sittings of these enrolments (the caller's transaction, if any, holds it).</summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<Guid> enrolmentIds, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sittings = await db.Set<Sitting>().Where(s => enrolmentIds.Contains(s.EnrolmentId) && s.Status == SittingStatus.Submitted && s.ReleasedAt == null).ToListAsync(ct);
        foreach (var sitting in sittings)
        {
            sitting.ReleasedAt = now;
            audit.Add("assessment.result-released", "Sitting", sitting.Id.ToString());
        }

        await db.SaveChangesAsync(ct);
        return sittings.Count;
    }
}
