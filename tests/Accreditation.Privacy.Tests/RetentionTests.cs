using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Privacy;
using Accreditation.Identity.Invitations;
using Accreditation.Marking.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Uploads;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Privacy.Tests;

/// <summary>
/// The retention schedule with the fake clock: each kind goes on its day and not before (a minute before the end of its
/// period it is there, a minute after the round it is gone), and the admin page says what the last run removed.
/// </summary>
public sealed class RetentionTests(PrivacySite site) : IClassFixture<PrivacySite>
{
    [Fact]
    public async Task Sent_email_text_and_its_pickup_copy_go_after_30_days_the_record_after_a_year_and_dead_letters_after_90_days()
    {
        var address = $"retention-{Guid.NewGuid():N}@example.gov.uk";
        var (sent, dead) = await site.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<IEmailOutbox>();
            var queued = await outbox.EnqueueAsync(new EmailMessage { To = [new EmailAddress(address)], Subject = "Your CPD year", TextBody = "Text that names you." });
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var deadLetter = new OutboxEmail
            {
                Id = Guid.NewGuid(), MessageId = $"{Guid.NewGuid():N}@localhost", FromAddress = "no-reply@localhost", Recipients = "[]", RecipientAddresses = address,
                Subject = "Undeliverable", TextBody = "Never delivered.", Status = OutboxStatus.Dead, Attempts = 8, NextAttemptAt = site.Clock.GetUtcNow(), CreatedAt = site.Clock.GetUtcNow(),
            };
            db.Add(deadLetter);
            await db.SaveChangesAsync();
            return (queued.Id, deadLetter.Id);
        });
        var sentAt = site.Clock.GetUtcNow();
        await site.DispatchEmailAsync();
        var pickup = Path.Combine(site.AppDataPath, "mail", Directory.GetFiles(Path.Combine(site.AppDataPath, "mail"), "*.eml").Select(Path.GetFileName).Single(f => f!.StartsWith(sent.ToString("N"), StringComparison.Ordinal))!);

        Task<OutboxEmail?> Row(Guid id) => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id));
        await OnItsDayAsync(sentAt.AddDays(30), "SentEmailBodies", async () => (await Row(sent))!.TextBody == "Text that names you." && File.Exists(pickup));
        Assert.Equal(OutboxEmail.RetentionRemovedText, (await Row(sent))!.TextBody);
        await OnItsDayAsync(sentAt.AddDays(90), "DeadLetters", async () => await Row(dead) is not null);
        await OnItsDayAsync(sentAt.AddYears(1), "SentEmails", async () => await Row(sent) is not null);
    }

    [Fact]
    public async Task Audit_entries_go_after_6_years_and_invitations_90_days_after_their_link_expires()
    {
        var entry = Guid.NewGuid();
        var written = site.Clock.GetUtcNow();
        var invitation = await site.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            db.AuditEntries.Add(new AuditEntry { Id = entry, At = written, Action = "test.retention", Details = "an entry about someone" });
            await db.SaveChangesAsync();
            await People.EnsureOrganisationAsync(sp, PrivacySite.Organisation);
            var (made, _) = await sp.GetRequiredService<InvitationService>().CreateAsync($"invitee-{Guid.NewGuid():N}@example.gov.uk", PrivacySite.Organisation, [Core.Security.Roles.Candidate], "admin", default);
            return made;
        });
        Task<bool> InvitationThere() => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Invitation>().AnyAsync(i => i.Id == invitation.Id));

        await OnItsDayAsync(invitation.ExpiresAt.AddDays(90), "Invitations", InvitationThere);
        await OnItsDayAsync(written.AddYears(6), "AuditEntries", () => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().AuditEntries.AnyAsync(a => a.Id == entry)));
    }

    [Fact]
    public async Task A_portfolio_never_submitted_goes_with_its_files_two_years_after_it_was_last_changed()
    {
        var (_, window) = await site.ProgrammeAsync();
        var email = $"untouched-{Guid.NewGuid():N}@example.gov.uk";
        var userId = await site.CreatePersonAsync(email, [Core.Security.Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        var enrol = await client.PostFormAsync($"/portfolio/enrol/{window}", new Dictionary<string, string> { ["Adjustments"] = "" });
        var enrolmentId = Guid.Parse(enrol.Headers.Location!.OriginalString.Split('/').Last());
        var fileId = await site.WithScopeAsync(async sp =>
        {
            var portfolio = (await sp.GetRequiredService<CandidatePortfolio>().LoadAsync(enrolmentId, default))!;
            var upload = await sp.GetRequiredService<EvidenceUploads>().AddAsync(portfolio, "notes.pdf", PrivacySite.Pdf("Notes"), "Notes", null, default);
            return upload.Item!.FileId!.Value;
        });
        var changed = site.Clock.GetUtcNow();
        var stored = Path.Combine(site.AppDataPath, "portfolio-files", fileId.ToString("N"));
        Assert.True(File.Exists(stored));

        await OnItsDayAsync(changed.AddYears(2), "UntouchedPortfolios", () => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Enrolment>().AnyAsync(e => e.Id == enrolmentId)));
        Assert.False(File.Exists(stored));
        Assert.NotNull(await site.UserAsync(userId)); // the person's account is theirs: only the abandoned portfolio went
    }

    [Fact]
    public async Task A_decided_portfolios_files_then_its_sittings_answers_then_once_erased_its_erasure_record_and_award_each_go_on_their_day()
    {
        var person = await site.CandidateWithDataAsync("Retention Candidate", $"decided-{Guid.NewGuid():N}@example.gov.uk");
        var released = (await site.CaseAsync(person.SubmissionId)).ReleasedAt!.Value;
        var file = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().AsNoTracking().SingleAsync(f => f.EnrolmentId == person.EnrolmentId));
        var stored = Path.Combine(site.AppDataPath, "portfolio-files", file.Id.ToString("N"));

        // The appeal window is the default rule's 28 days; the files go a year after it closes, the text stays.
        await OnItsDayAsync(released.AddDays(28).AddYears(1), "DecidedEvidenceFiles", () => Task.FromResult(File.Exists(stored)));
        var removed = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PortfolioFile>().AsNoTracking().SingleAsync(f => f.Id == file.Id));
        Assert.NotNull(removed.RemovedAt);
        Assert.Equal("removed", removed.FileName);
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<EvidenceItem>().AnyAsync(i => i.EnrolmentId == person.EnrolmentId && i.Title == "Leading the supervision review")));

        var sittingReleased = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Sitting>().AsNoTracking().Where(s => s.Id == person.SittingId).Select(s => s.ReleasedAt!.Value).SingleAsync());
        await OnItsDayAsync(sittingReleased.AddYears(2), "SittingAnswers", () => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Sitting>().AnyAsync(s => s.Id == person.SittingId && s.CandidateId == person.UserId)));
        Assert.True(await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<SittingItem>().AnyAsync(i => i.SittingId == person.SittingId && i.Answer != null)));

        // Erased now: the erasure's record stays 6 years, the award on the register 10 years after it ends.
        var admin = await site.AdminAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/privacy/erase/{person.UserId}", new Dictionary<string, string> { ["Confirm"] = "true" })).StatusCode);
        await site.AnswerRequestsAsync();
        var award = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AsNoTracking().SingleAsync(a => a.HolderName == "Retention Candidate"));
        var erasure = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking()
            .SingleAsync(r => r.Kind == PrivacyRequestKind.Erasure && r.State == PrivacyRequestState.Erased && r.SubjectId == award.HolderId));

        await OnItsDayAsync(erasure.CompletedAt!.Value.AddYears(6), "PrivacyRequests", () => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AnyAsync(r => r.Id == erasure.Id)));
        var awardEnds = new DateTimeOffset(award.ValidUntil!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await OnItsDayAsync(awardEnds.AddYears(10), "ErasedAwardRecords", () => site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Award>().AnyAsync(a => a.Id == award.Id)));
    }

    [Fact]
    public async Task A_prepared_copy_missing_from_storage_is_not_available_and_a_new_one_can_be_asked_for()
    {
        var email = $"lost-copy-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email, [Core.Security.Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/privacy", new Dictionary<string, string>(), "/account/privacy?handler=Copy")).StatusCode);
        await site.AnswerRequestsAsync();
        var link = (await client.GetDocumentAsync("/account/privacy")).QuerySelector("a[href$='/download']")!.GetAttribute("href")!;
        var requestId = Guid.Parse(link.Split('/')[3]);

        var ready = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking().SingleAsync(r => r.Id == requestId));
        var name = site.RemoveStoredBytes("privacy-exports", Accreditation.Privacy.Requests.PrivacyRequests.CopyName(ready));
        var download = await client.GetAsync(link);

        await site.AssertFileNotAvailableAsync(download, Accreditation.Privacy.Requests.PrivacyEndpoints.WhatToDo, name);
        var request = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking().SingleAsync(r => r.Id == requestId));
        Assert.Null(request.DownloadedAt);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/privacy", new Dictionary<string, string>(), "/account/privacy?handler=Copy")).StatusCode);
    }

    [Fact]
    public async Task A_prepared_copy_can_be_downloaded_for_7_days_then_it_is_deleted()
    {
        var email = $"copy-{Guid.NewGuid():N}@example.gov.uk";
        await site.CreatePersonAsync(email, [Core.Security.Roles.Candidate]);
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/privacy", new Dictionary<string, string>(), "/account/privacy?handler=Copy")).StatusCode);
        var again = await client.PostFormAsync("/account/privacy", new Dictionary<string, string>(), "/account/privacy?handler=Copy");
        Assert.Contains("already being prepared", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await site.AnswerRequestsAsync();
        var link = (await client.GetDocumentAsync("/account/privacy")).QuerySelector("a[href$='/download']")!.GetAttribute("href")!;
        var requestId = Guid.Parse(link.Split('/')[3]);
        var request = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking().SingleAsync(r => r.Id == requestId));
        var zip = Path.Combine(site.AppDataPath, "privacy-exports", request.Id.ToString("N") + ".zip");

        site.Clock.SetUtcNow(request.ExpiresAt!.Value - TimeSpan.FromMinutes(1));
        await site.AnswerRequestsAsync();
        var stranger = site.CreateBrowserLikeClient();
        await stranger.SignInAsAdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(link)).StatusCode); // only the person who asked downloads it
        client = site.CreateBrowserLikeClient(); // the first session has expired by now
        await client.SignInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);

        site.Clock.SetUtcNow(request.ExpiresAt!.Value + TimeSpan.FromMinutes(1));
        await site.AnswerRequestsAsync();
        Assert.False(File.Exists(zip));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(link)).StatusCode);
        Assert.Contains("Expired", (await client.GetDocumentAsync("/account/privacy")).QuerySelector("table.app-privacy-requests")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_page_lists_every_kind_with_its_period_and_what_its_last_run_removed()
    {
        await site.ApplyRetentionAsync();
        var admin = await site.AdminAsync();
        var page = await admin.GetDocumentAsync("/admin/privacy/retention");

        var rows = page.QuerySelectorAll("table.app-retention tbody tr").ToDictionary(r => r.GetAttribute("data-kind")!, r => r.TextContent);
        Assert.Equal(
            ["AuditEntries", "DeadLetters", "DecidedEvidenceFiles", "ErasedAwardRecords", "Invitations", "PrivacyRequests", "SentEmailBodies", "SentEmails", "SittingAnswers", "UntouchedPortfolios"],
            rows.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("30 days after sending", rows["SentEmailBodies"], StringComparison.Ordinal);
        Assert.Contains("6 years after they are written", rows["AuditEntries"], StringComparison.Ordinal);
        Assert.DoesNotContain("Not yet", rows["AuditEntries"], StringComparison.Ordinal);

        // The privacy notice shows the same schedule, from the same settings.
        var notice = await site.CreateBrowserLikeClient().GetDocumentAsync("/pages/privacy-notice");
        var table = notice.QuerySelector("main table")?.TextContent ?? "";
        Assert.Contains("30 days after sending", table, StringComparison.Ordinal);
        Assert.Contains("2 years after they were last changed", table, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", notice.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>
    /// Moves the clock to a minute before <paramref name="end"/>, runs the schedule and checks the data is still there;
    /// then to a minute after, runs it again and checks it is gone and the kind's last run counted it.
    /// </summary>
    private async Task OnItsDayAsync(DateTimeOffset end, string kind, Func<Task<bool>> present)
    {
        Assert.True(await present(), $"{kind}: the data is not there to begin with");
        site.Clock.SetUtcNow(end - TimeSpan.FromMinutes(1));
        await site.ApplyRetentionAsync();
        Assert.True(await present(), $"{kind}: removed before its day");
        site.Clock.SetUtcNow(end + TimeSpan.FromMinutes(1));
        var outcome = (await site.ApplyRetentionAsync()).Single(o => o.Kind == kind);
        Assert.Null(outcome.Error);
        Assert.False(await present(), $"{kind}: still there after its day");
        Assert.True(outcome.Removed > 0, $"{kind}: the run did not count what it removed");
    }
}
