using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Accreditation.Assessments.Data;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Accreditation.Frameworks.Contracts;
using Accreditation.Identity.Organisations;
using Accreditation.Marking.Data;
using Accreditation.Notifications.Outbox;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Submissions;
using Accreditation.Portfolios.Uploads;
using Accreditation.Publishing.Data;
using Accreditation.Research.Library;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing.National;

/// <summary>How many of each thing a national data set holds at scale 1.0 (the figures of issue 17).</summary>
public sealed record NationalCounts(int Organisations, int People, int CpdRecords, int Portfolios, int ItemsPerPortfolio, int MarkingCases, int Sittings, int ResearchItems, int PracticeUpdates, int OutboxMessages, int AuditEntries)
{
    /// <summary>The national figures: 153 authorities, 40,000 people, a million CPD records and so on.</summary>
    public static NationalCounts Full => new(153, 40_000, 1_000_000, 15_000, 8, 5_000, 20_000, 50_000, 300, 1_000_000, 5_000_000);

    /// <summary>The figures at a scale; organisations stay 153 (every authority exists at any scale), the rest shrink with a floor that keeps every page populated.</summary>
    public static NationalCounts At(double scale)
    {
        var full = Full;
        int S(int n, int min) => Math.Max(min, (int)Math.Round(n * scale));
        return new(full.Organisations, S(full.People, 200), S(full.CpdRecords, 600), S(full.Portfolios, 40), full.ItemsPerPortfolio, S(full.MarkingCases, 20),
            S(full.Sittings, 40), S(full.ResearchItems, 50), S(full.PracticeUpdates, 30), S(full.OutboxMessages, 200), S(full.AuditEntries, 1000));
    }
}

/// <summary>The people the timed pages are seen as, with the records their pages show.</summary>
public sealed record NationalProbes(
    string CandidateEmail,
    Guid CandidateEnrolmentId,
    string AssessorEmail,
    Guid AssessorCaseId,
    string LeadEmail,
    string OrganisationAdminEmail,
    Guid LargestOrganisationId,
    string CandidateSearch,
    string VerificationCode,
    string CpdYear);

/// <summary>
/// Generates national-size data deterministically (one seed) through the real model: organisations, people with roles,
/// CPD records over six years, portfolios with evidence and small real PDF/DOCX files, submissions with marking cases,
/// sittings, research items (queued for the index), practice updates, outbox messages and audit entries. Rows go in by
/// batches with change tracking off; the people who sign in get a second factor as everyone must.
/// </summary>
public sealed class NationalData(PlatformFactory site, NationalCounts counts, int seed = 17)
{
    /// <summary>The password of every generated person.</summary>
    public const string Password = People.Password;

    private const int Batch = 4000;
    private static readonly DateTimeOffset Epoch = new(2020, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Words =
    [
        "supervision", "reflection", "family", "practice", "neglect", "adolescent", "exploitation", "kinship", "care", "leadership",
        "relationship", "assessment", "domestic", "abuse", "trauma", "attachment", "permanence", "fostering", "restorative", "systemic",
        "threshold", "safeguarding", "outcomes", "voice", "child", "parenting", "mental", "health", "substance", "misuse",
    ];

    private readonly Random random = new(seed);

    /// <summary>Progress lines (e.g. the console).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Fills the site's database; returns who to sign in as and what to open.</summary>
    public async Task<NationalProbes> GenerateAsync()
    {
        var (windowId, programmeId) = await ProgrammeAsync();
        var version = await site.WithScopeAsync(sp => sp.GetRequiredService<IFrameworkCatalog>().GetCurrentAsync("practice-leader"))
            ?? throw new InvalidOperationException("The practice-leader framework is missing.");
        var organisations = await OrganisationsAsync();
        var largest = organisations[0];
        var people = await PeopleAsync(organisations);
        var candidates = people.Where(p => p.Role == Roles.Candidate).ToList();
        var assessors = people.Where(p => p.Role == Roles.Assessor).ToList();
        var leads = people.Where(p => p.Role == Roles.LeadAssessor).ToList();

        // The probe candidate is the one with the most records: the CPD pages are timed on the heaviest person.
        var probeCandidate = candidates.First(c => c.OrganisationId == largest);
        var cpdYear = await CpdAsync(candidates, probeCandidate, version);
        var enrolments = await PortfoliosAsync(candidates, probeCandidate, windowId, version);
        var (assessorCase, verificationCode) = await MarkingAsync(enrolments, assessors, leads, candidates, programmeId, version);
        await SittingsAsync(enrolments, programmeId);
        await ResearchAsync();
        await UpdatesAsync();
        await OutboxAsync(candidates);
        await AuditAsync(people);

        var assessor = assessors[0];
        var organisationAdmin = people.First(p => p.Role == Roles.OrganisationAdmin && p.OrganisationId == largest);
        foreach (var email in new[] { probeCandidate.Email, assessor.Email, leads[0].Email, organisationAdmin.Email })
        {
            await site.EnableTwoFactorAsync(email);
        }

        return new NationalProbes(probeCandidate.Email, enrolments.First(e => e.CandidateId == probeCandidate.Id).Id, assessor.Email, assessorCase, leads[0].Email,
            organisationAdmin.Email, largest, candidates[candidates.Count / 2].Name.Split(' ')[1], verificationCode, cpdYear);
    }

    private sealed record Person(string Id, string Email, string Name, string Role, Guid? OrganisationId);

    private sealed record EnrolmentRow(Guid Id, string CandidateId, Guid? OrganisationId);

    private async Task<(Guid Window, Guid Programme)> ProgrammeAsync() => await site.WithScopeAsync(async sp =>
    {
        var result = await sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "national", "steps": [ { "name": "programmes", "programmes": [
              { "name": "National programme", "framework": "practice-leader", "validYears": 3,
                "windows": [ { "name": "National window", "opens": "2020-10-01", "closes": "2027-03-31", "capacity": 1000000 } ] } ] } ] }
            """);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors));
        }

        var window = await sp.GetRequiredService<AccreditationDbContext>().Set<AssessmentWindow>().AsNoTracking().SingleAsync(w => w.Name == "National window");
        return (window.Id, window.ProgrammeId);
    });

    private async Task<List<Guid>> OrganisationsAsync()
    {
        var regions = Enum.GetValues<EnglishRegion>();
        var rows = Enumerable.Range(0, counts.Organisations).Select(i => new Organisation
        {
            Id = NewId(),
            Name = $"{Place(i)} Council",
            Code = $"LA{i + 1:000}",
            Kind = OrganisationKind.LocalAuthority,
            Region = regions[i % regions.Length],
        }).ToList();
        await InsertAsync(rows);
        Log($"  {rows.Count:N0} organisations");
        return rows.Select(o => o.Id).ToList();
    }

    /// <summary>People in authorities of uneven size (the first is the largest, as a county is); a few assessors, leads and one admin per authority.</summary>
    private async Task<List<Person>> PeopleAsync(List<Guid> organisations)
    {
        var hash = new PasswordHasher<PlatformUser>().HashPassword(new PlatformUser(), Password);
        var roleIds = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id));
        var assessorCount = Math.Max(6, counts.People / 200);
        var leadCount = Math.Max(2, counts.People / 4000);
        var weights = organisations.Select((_, i) => 1.0 / (i + 1) + 0.02).ToArray();
        var total = weights.Sum();
        var people = new List<Person>(counts.People);
        for (var i = 0; i < counts.People; i++)
        {
            var role = i < organisations.Count ? Roles.OrganisationAdmin
                : i < organisations.Count + assessorCount ? Roles.Assessor
                : i < organisations.Count + assessorCount + leadCount ? Roles.LeadAssessor
                : Roles.Candidate;
            var at = role == Roles.OrganisationAdmin ? i : Pick(weights, total);
            var organisation = organisations[at];
            var name = $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}{(i % 7 == 0 ? "-" + Last[random.Next(Last.Length)] : "")}";
            people.Add(new Person(NewId().ToString(), $"{role.ToLowerInvariant()}.{i}@{Place(at).ToLowerInvariant().Replace(' ', '-')}.gov.uk", name, role, organisation));
        }

        foreach (var chunk in people.Chunk(Batch))
        {
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                db.AddRange(chunk.Select(p => new PlatformUser
                {
                    Id = p.Id, UserName = p.Email, NormalizedUserName = p.Email.ToUpperInvariant(), Email = p.Email, NormalizedEmail = p.Email.ToUpperInvariant(),
                    EmailConfirmed = true, DisplayName = p.Name, OrganisationId = p.OrganisationId, PasswordHash = hash, SecurityStamp = p.Id.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant(),
                    ConcurrencyStamp = p.Id, CreatedAt = Epoch, LockoutEnabled = true,
                }));
                db.AddRange(chunk.SelectMany(p => (p.Role == Roles.LeadAssessor ? new[] { Roles.Assessor, Roles.LeadAssessor } : [p.Role])
                    .Select(r => new IdentityUserRole<string> { UserId = p.Id, RoleId = roleIds[r] })));
                await db.SaveChangesAsync();
            });
        }

        Log($"  {people.Count:N0} people ({assessorCount} assessors, {leadCount} lead assessors, {organisations.Count} organisation admins)");
        return people;
    }

    /// <summary>CPD records over six years, two in three candidates recording; the probe candidate gets a heavy record (a few hundred).</summary>
    private async Task<string> CpdAsync(IReadOnlyList<Person> candidates, Person probe, PublishedVersion version)
    {
        var recording = candidates.Where((_, i) => i % 3 != 2).ToList();
        var types = Enum.GetValues<CpdActivityType>();
        var start = new DateOnly(2020, 11, 1);
        var days = new DateOnly(2026, 10, 31).DayNumber - start.DayNumber;
        var written = 0;
        var probeRecords = Math.Min(counts.CpdRecords / 10, 360);
        while (written < counts.CpdRecords)
        {
            var batch = Math.Min(Batch, counts.CpdRecords - written);
            var first = written;
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                for (var n = 0; n < batch; n++)
                {
                    var index = first + n;
                    var owner = index < probeRecords ? probe : recording[random.Next(recording.Count)];
                    var date = DateOnly.FromDayNumber(start.DayNumber + random.Next(days));
                    var at = new DateTimeOffset(date.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero);
                    var statement = version.Statements[random.Next(version.Statements.Count)];
                    var record = new CpdRecord
                    {
                        Id = NewId(), OwnerId = owner.Id, ActivityType = types[random.Next(types.Length)], Title = Title(4), Date = date, Minutes = 30 * (1 + random.Next(12)),
                        Description = Sentence(20), Learning = Sentence(25), Impact = Sentence(15), CreatedAt = at, UpdatedAt = at, IsDraft = index % 40 == 0,
                    };
                    record.Statements.Add(new CpdStatementLink { RecordId = record.Id, StatementId = statement.Id, Label = $"{statement.Number}. {statement.Title}" });
                    db.Add(record);
                    CpdSketch.AddFor(db, record); // as the site saves one: the duplicate check finds candidates by it
                }

                await db.SaveChangesAsync();
            });
            written += batch;
        }

        Log($"  {written:N0} CPD records ({probeRecords} for the probe candidate)");
        return "2025-26";
    }

    /// <summary>Enrolments with an endorsement and evidence items mapped to statements; every fourth item a small PDF or DOCX stored as uploads are.</summary>
    private async Task<List<EnrolmentRow>> PortfoliosAsync(IReadOnlyList<Person> candidates, Person probe, Guid windowId, PublishedVersion version)
    {
        var owners = new List<Person> { probe };
        owners.AddRange(candidates.Where(c => c.Id != probe.Id).Take(counts.Portfolios - 1));
        var enrolments = owners.Select((c, i) => new EnrolmentRow(NewId(), c.Id, c.OrganisationId)).ToList();
        var pdf = SmallPdf();
        var docx = SmallDocx();
        var files = 0;
        foreach (var chunk in enrolments.Chunk(Batch / (counts.ItemsPerPortfolio + 2)))
        {
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                var store = sp.GetRequiredService<PortfolioFileStore>();
                foreach (var e in chunk)
                {
                    var at = Epoch.AddDays(random.Next(2000));
                    db.Add(new Enrolment { Id = e.Id, WindowId = windowId, CandidateId = e.CandidateId, OrganisationId = e.OrganisationId, EnrolledAt = at });
                    db.Add(new Endorsement
                    {
                        Id = NewId(), EnrolmentId = e.Id, EndorserName = "Endorsing Manager", EndorserEmail = $"manager.{e.Id:N}@example.gov.uk", EndorserRole = "Line manager",
                        Status = EndorsementStatus.Requested, RequestedAt = at, ExpiresAt = at.AddDays(28), Nonce = e.Id.ToString("N"),
                    });
                    for (var n = 0; n < counts.ItemsPerPortfolio; n++)
                    {
                        var item = new EvidenceItem
                        {
                            Id = NewId(), EnrolmentId = e.Id, Kind = n % 4 == 3 ? EvidenceKind.Document : n % 4 == 2 ? EvidenceKind.Observation : EvidenceKind.ReflectiveAccount,
                            Title = Title(5), Body = Sentence(120), CreatedAt = at.AddHours(n), UpdatedAt = at.AddHours(n),
                            ObserverName = n % 4 == 2 ? "Observing Practitioner" : null, ObserverRole = n % 4 == 2 ? "Team manager" : null,
                        };
                        if (item.Kind == EvidenceKind.Document)
                        {
                            var (name, type, content) = n % 8 == 3 ? ("plan.pdf", "application/pdf", pdf) : ("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx);
                            var file = new PortfolioFile { Id = NewId(), EnrolmentId = e.Id, FileName = name, ContentType = type, Length = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), StoredAt = at, ExtractedText = "A plan of supervision." };
                            db.Add(file);
                            await store.SaveAsync(file.Id, content, CancellationToken.None);
                            item.FileId = file.Id;
                            files++;
                        }

                        var statement = version.Statements[(n + random.Next(2)) % version.Statements.Count];
                        item.Mappings.Add(new EvidenceMapping { Id = NewId(), ItemId = item.Id, StatementId = statement.Id, Rationale = Sentence(12) });
                        db.Add(item);
                    }
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {enrolments.Count:N0} portfolios, {enrolments.Count * counts.ItemsPerPortfolio:N0} evidence items, {files:N0} files");
        return enrolments;
    }

    /// <summary>
    /// Submissions (a blind snapshot each) and their marking cases across the statuses; the first assessor holds a full
    /// queue; released cases have their decision and, when accredited, an award with a verification code.
    /// </summary>
    private async Task<(Guid AssessorCase, string VerificationCode)> MarkingAsync(IReadOnlyList<EnrolmentRow> enrolments, IReadOnlyList<Person> assessors, IReadOnlyList<Person> leads, IReadOnlyList<Person> candidates, Guid programmeId, PublishedVersion version)
    {
        var names = candidates.ToDictionary(c => c.Id, c => c.Name);
        var statuses = new[] { CaseStatus.Allocated, CaseStatus.InMarking, CaseStatus.Marked, CaseStatus.SecondMarking, CaseStatus.InModeration, CaseStatus.ReadyForRelease, CaseStatus.Released, CaseStatus.Released, CaseStatus.Released, CaseStatus.Released };
        var cases = enrolments.Skip(1).Take(counts.MarkingCases).ToList();
        Guid? firstAssessorCase = null;
        string? code = null;
        var award = 0;
        var caseIndex = 0;
        foreach (var chunk in cases.Chunk(500))
        {
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                foreach (var e in chunk)
                {
                    var index = caseIndex++;
                    var submittedAt = Epoch.AddDays(random.Next(2000));
                    var status = statuses[index % statuses.Length];
                    var document = new PortfolioDocument(PortfolioDocument.CurrentFormat, "National programme", "National window",
                        new FrameworkReference(version.Key, version.Name, version.Number, version.Id),
                        version.Statements.Select(s => new StatementEntry(s.Id, s.Number, s.Title, s.Description)).ToList(),
                        [new ItemEntry(NewId(), EvidenceKind.ReflectiveAccount, Title(5), Sentence(150), null, null, null,
                            version.Statements.Select(s => new MappingEntry(s.Id, s.Number, Sentence(10))).ToList(), submittedAt, submittedAt)],
                        new EndorsementEntry(EndorsementStatus.Endorsed, null, "Line manager", null, null, submittedAt), submittedAt);
                    var json = document.ToJson();
                    var submission = new Submission
                    {
                        Id = NewId(), EnrolmentId = e.Id, Attempt = 1, SubmittedAt = submittedAt, SnapshotJson = json, ContentHash = PortfolioSubmission.Hash(json),
                        Status = status == CaseStatus.Released ? (index % 3 == 0 ? SubmissionStatus.NotYet : SubmissionStatus.Achieved) : SubmissionStatus.MarkingStarted,
                        StatusChangedAt = submittedAt,
                    };
                    db.Add(submission);
                    var decision = status == CaseStatus.Released ? (index % 3 == 0 ? Decision.NotYetAccredited : Decision.Accredited) : (Decision?)null;
                    var markingCase = new MarkingCase
                    {
                        Id = NewId(), SubmissionId = submission.Id, EnrolmentId = e.Id, ProgrammeId = programmeId, FrameworkVersionId = version.Id,
                        CandidateOrganisationId = e.OrganisationId, CandidateNumber = $"N{index:000000}", Status = status, SubmittedAt = submittedAt, CreatedAt = submittedAt,
                        Decision = decision, PortfolioDecision = decision, ReleasedAt = decision is null ? null : submittedAt.AddDays(40), ReleasedById = decision is null ? null : leads[0].Id,
                    };

                    // The first assessor (from the largest authority's neighbours) gets one open case in four of those not from their own authority.
                    var open = status is CaseStatus.Allocated or CaseStatus.InMarking;
                    var first = open && index % 4 == 0 && assessors[0].OrganisationId != e.OrganisationId ? assessors[0] : assessors[1 + (index % (assessors.Count - 1))];
                    if (first.OrganisationId == e.OrganisationId)
                    {
                        first = assessors.First(a => a.OrganisationId != e.OrganisationId);
                    }

                    var marking = new AssessorMarking
                    {
                        Id = NewId(), CaseId = markingCase.Id, Role = MarkingRole.First, AssessorId = first.Id, AllocatedAt = submittedAt.AddDays(1),
                        Status = open ? (status == CaseStatus.InMarking ? MarkingStatus.InProgress : MarkingStatus.Allocated) : MarkingStatus.Submitted,
                        SubmittedAt = open ? null : submittedAt.AddDays(12), SavedAt = open ? null : submittedAt.AddDays(12), OverallComment = open ? "" : Sentence(20),
                    };
                    if (!open)
                    {
                        marking.Marks.AddRange(version.Statements.Select(s => new StatementMark { Id = NewId(), MarkingId = marking.Id, StatementNumber = s.Number, Level = 1 + random.Next(3), Comment = Sentence(8) }));
                    }

                    markingCase.Markings.Add(marking);
                    if (!open && index % 5 == 0)
                    {
                        var second = assessors.First(a => a.Id != first.Id && a.OrganisationId != e.OrganisationId);
                        var secondMarking = new AssessorMarking
                        {
                            Id = NewId(), CaseId = markingCase.Id, Role = MarkingRole.Second, AssessorId = second.Id, AllocatedAt = submittedAt.AddDays(13), Status = MarkingStatus.Submitted,
                            SubmittedAt = submittedAt.AddDays(20), SavedAt = submittedAt.AddDays(20), OverallComment = Sentence(20),
                        };
                        secondMarking.Marks.AddRange(version.Statements.Select(s => new StatementMark { Id = NewId(), MarkingId = secondMarking.Id, StatementNumber = s.Number, Level = 1 + random.Next(3), Comment = Sentence(8) }));
                        markingCase.Markings.Add(secondMarking);
                    }

                    if (open && first.Id == assessors[0].Id)
                    {
                        firstAssessorCase ??= markingCase.Id;
                    }

                    db.Add(markingCase);
                    if (decision == Decision.Accredited)
                    {
                        var awardedOn = DateOnly.FromDateTime(submittedAt.AddDays(40).UtcDateTime);
                        var verification = $"NAT{index:000000}{(char)('A' + (index % 26))}";
                        code ??= verification;
                        db.Add(new Award
                        {
                            Id = NewId(), CaseId = markingCase.Id, HolderId = e.CandidateId, HolderName = names[e.CandidateId], ProgrammeId = programmeId, ProgrammeName = "National programme",
                            FrameworkKey = version.Key, FrameworkName = version.Name, FrameworkVersion = version.Number, AwardedOn = awardedOn, ValidUntil = awardedOn.AddYears(3),
                            VerificationCode = verification, StatusListIndex = award++,
                        });
                    }
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {cases.Count:N0} submissions and marking cases ({award:N0} awards)");
        return (firstAssessorCase ?? throw new InvalidOperationException("The probe assessor has no open case."), code ?? throw new InvalidOperationException("No award was made."));
    }

    private async Task SittingsAsync(IReadOnlyList<EnrolmentRow> enrolments, Guid programmeId)
    {
        for (var written = 0; written < counts.Sittings; written += Batch)
        {
            var first = written;
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                for (var n = first; n < Math.Min(first + Batch, counts.Sittings); n++)
                {
                    var e = enrolments[n % enrolments.Count];
                    var started = Epoch.AddDays(random.Next(2000));
                    var score = random.Next(41);
                    db.Add(new Sitting
                    {
                        Id = NewId(), EnrolmentId = e.Id, ProgrammeId = programmeId, CandidateId = e.CandidateId, Attempt = 1 + (n / enrolments.Count), Seed = random.Next(),
                        Status = SittingStatus.Submitted, StartedAt = started, Deadline = started.AddMinutes(60), SubmittedAt = started.AddMinutes(50), Score = score, MaxScore = 40, Passed = score >= 24,
                    });
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {counts.Sittings:N0} sittings");
    }

    /// <summary>Published research items, each queued for the index as the library queues an edit.</summary>
    private async Task ResearchAsync()
    {
        var types = Enum.GetValues<ResearchItemType>();
        for (var written = 0; written < counts.ResearchItems; written += Batch)
        {
            var first = written;
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                for (var n = first; n < Math.Min(first + Batch, counts.ResearchItems); n++)
                {
                    var at = Epoch.AddHours(n);
                    var item = new ResearchItem
                    {
                        Id = NewId(), Title = Title(7), Authors = $"{Last[random.Next(Last.Length)]}, {First[random.Next(First.Length)][0]}.", Year = 2000 + random.Next(27), Source = "Journal of Children's Services",
                        Type = types[random.Next(types.Length)], Abstract = Sentence(120), FullText = Sentence(300), Access = n % 5 == 0 ? ResearchAccess.Public : ResearchAccess.Staff,
                        Link = $"https://research.example.org/items/{n}", MatchKey = $"national-{n}", IsPublished = true, PublishedAt = at, CreatedAt = at, UpdatedAt = at,
                    };
                    db.Add(item);
                    db.Add(new IndexTask { ItemId = item.Id, CreatedAt = at });
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {counts.ResearchItems:N0} research items");
    }

    private async Task UpdatesAsync()
    {
        await site.WithScopeAsync(async sp =>
        {
            var db = Quiet(sp);
            for (var n = 0; n < counts.PracticeUpdates; n++)
            {
                var at = Epoch.AddDays(n * 2000.0 / counts.PracticeUpdates);
                db.Add(new PracticeUpdate
                {
                    Id = NewId(), Kind = PublicationKind.Update, Slug = $"practice-update-{n + 1}", Title = Title(6), Summary = Sentence(25), Body = Sentence(250),
                    Audience = n % 4 == 0 ? AudienceKind.SignedIn : AudienceKind.Public, Status = PublicationStatus.Published, PublishedAt = at, CreatedAt = at, UpdatedAt = at, CurrentVersion = 1,
                });
            }

            await db.SaveChangesAsync();
        });
        Log($"  {counts.PracticeUpdates:N0} practice updates");
    }

    private async Task OutboxAsync(IReadOnlyList<Person> candidates)
    {
        for (var written = 0; written < counts.OutboxMessages; written += Batch)
        {
            var first = written;
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                for (var n = first; n < Math.Min(first + Batch, counts.OutboxMessages); n++)
                {
                    var to = candidates[n % candidates.Count];
                    var at = Epoch.AddMinutes(n * 3);
                    db.Add(new OutboxEmail
                    {
                        Id = NewId(), MessageId = $"<national-{n}@accreditation.example.gov.uk>", FromAddress = "no-reply@accreditation.example.gov.uk", Recipients = $"\"{to.Name}\" <{to.Email}>",
                        RecipientAddresses = to.Email, TemplateName = "practice-update", Subject = Title(5), TextBody = Sentence(80), Status = OutboxStatus.Sent, Attempts = 1,
                        NextAttemptAt = at, CreatedAt = at, SentAt = at.AddSeconds(5),
                    });
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {counts.OutboxMessages:N0} outbox messages");
    }

    private async Task AuditAsync(IReadOnlyList<Person> people)
    {
        string[] actions = ["account.signed-in", "cpd.record-saved", "portfolio.item-saved", "marking.saved", "research.searched", "admin.person-viewed"];
        for (var written = 0; written < counts.AuditEntries; written += Batch * 2)
        {
            var first = written;
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                for (var n = first; n < Math.Min(first + (Batch * 2), counts.AuditEntries); n++)
                {
                    var who = people[n % people.Count];
                    db.Add(new AuditEntry
                    {
                        Id = NewId(), At = Epoch.AddSeconds(n * 30L), Action = actions[n % actions.Length], UserId = who.Id, UserName = who.Email, RecordType = "Record",
                        RecordId = n.ToString(CultureInfo.InvariantCulture), IpAddress = "198.51.100.7", Path = "/", CorrelationId = $"{n:x16}",
                    });
                }

                await db.SaveChangesAsync();
            });
        }

        Log($"  {counts.AuditEntries:N0} audit entries");
    }

    private static AccreditationDbContext Quiet(IServiceProvider services)
    {
        var db = services.GetRequiredService<AccreditationDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return db;
    }

    private async Task InsertAsync<T>(IReadOnlyList<T> rows) where T : class
    {
        foreach (var chunk in rows.Chunk(Batch))
        {
            await site.WithScopeAsync(async sp =>
            {
                var db = Quiet(sp);
                db.AddRange(chunk);
                await db.SaveChangesAsync();
            });
        }
    }

    /// <summary>Ids from the seeded random source, so two runs at one seed make the same rows.</summary>
    private Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private int Pick(double[] weights, double total)
    {
        var r = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r <= 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private string Sentence(int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    private string Title(int words)
    {
        var text = Sentence(words).TrimEnd('.');
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string Place(int i) => $"{Places[i % Places.Length]}{(i >= Places.Length ? " " + (1 + (i / Places.Length)).ToString(CultureInfo.InvariantCulture) : "")}";

    private static readonly string[] Places =
    [
        "Kent", "Essex", "Hampshire", "Lancashire", "Surrey", "Hertfordshire", "Norfolk", "Birmingham", "Leeds", "Devon", "Suffolk", "Staffordshire",
        "Nottinghamshire", "Derbyshire", "Manchester", "Sheffield", "Bristol", "Cornwall", "Cumberland", "Durham", "Somerset", "Wiltshire",
    ];

    private static readonly string[] First = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Femi", "Grace", "Hassan", "Isla", "Jack", "Kiran", "Laura", "Mo", "Niamh", "Owen", "Priya", "Rhys", "Sade", "Tom", "Zara"];

    private static readonly string[] Last = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis", "Morris", "Nowak", "Okafor", "Patel", "Quinn", "Roberts", "Smith", "Taylor", "Walker", "Young"];

    /// <summary>A real one-page PDF (PDF 1.4, one text line).</summary>
    private static byte[] SmallPdf()
    {
        var body = new StringBuilder();
        var offsets = new List<int>();
        body.Append("%PDF-1.4\n");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length 58 >>\nstream\nBT /F1 12 Tf 72 770 Td (A plan of supervision.) Tj ET\n\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(body.Length);
            body.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = body.Length;
        body.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        }

        body.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    /// <summary>A real minimal DOCX (one paragraph), written with the Open XML SDK as Word would read it.</summary>
    private static byte[] SmallDocx()
    {
        using var stream = new MemoryStream();
        using (var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                new DocumentFormat.OpenXml.Wordprocessing.Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(new DocumentFormat.OpenXml.Wordprocessing.Text("Notes from a supervision session.")))));
        }

        return stream.ToArray();
    }
}
