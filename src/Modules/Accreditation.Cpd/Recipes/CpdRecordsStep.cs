using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Time;
using Accreditation.Cpd.Data;
using Accreditation.Cpd.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Recipes;

/// <summary>
/// The "cpd-records" step (demo data): adds CPD records to people by email. A record the person already has (same title
/// and date) is left as it is, so running the step again changes nothing.
/// </summary>
public sealed class CpdRecordsStep(TimeProvider clock, IIdSource ids) : RecipeStep<CpdRecordsStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<RecordData> Records);

    /// <summary>One record: whose (email), what, when (YYYY-MM-DD), how long, and optionally a peer reflection.</summary>
    public sealed record RecordData(
        string Person,
        CpdActivityType Type,
        string Title,
        DateOnly Date,
        decimal Hours,
        string Description,
        string Learning,
        string Impact,
        string? PeerName = null,
        string? PeerRole = null,
        string? PeerLearning = null);

    /// <inheritdoc />
    public override string Name => "cpd-records";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < data.Records.Count; i++)
        {
            var r = data.Records[i];
            if (string.IsNullOrWhiteSpace(r.Title) || r.Title.Length > CpdModel.NameLength)
            {
                errors.Add($"$.records[{i}].title", $"A record needs a title of 1 to {CpdModel.NameLength} characters.");
            }

            if (r.Hours <= 0 || r.Hours > 1000)
            {
                errors.Add($"$.records[{i}].hours", "Hours must be more than 0 and at most 1,000.");
            }

            if (string.IsNullOrWhiteSpace(r.Description) || string.IsNullOrWhiteSpace(r.Learning) || string.IsNullOrWhiteSpace(r.Impact))
            {
                errors.Add($"$.records[{i}]", "A record needs a description, what was learned and the impact.");
            }

            if (string.IsNullOrWhiteSpace(r.PeerName) != string.IsNullOrWhiteSpace(r.PeerLearning))
            {
                errors.Add($"$.records[{i}].peerName", "A peer reflection needs both the peer's name and what was learned.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var db = context.Db;
        var now = clock.GetUtcNow();
        for (var i = 0; i < data.Records.Count; i++)
        {
            var r = data.Records[i];
            var personId = (await context.Services.GetRequiredService<IPeopleDirectory>().FindByEmailAsync(r.Person, ct))?.Id
                ?? throw new RecipeStepException($"$.records[{i}].person", $"There is no person with the email {r.Person}.");
            var title = r.Title.Trim();
            if (await db.Set<CpdRecord>().AnyAsync(x => x.OwnerId == personId && x.Title == title && x.Date == r.Date, ct)
                || db.ChangeTracker.Entries<CpdRecord>().Any(e => e.Entity.OwnerId == personId && e.Entity.Title == title && e.Entity.Date == r.Date))
            {
                continue;
            }

            var record = new CpdRecord
            {
                Id = ids.NewId(),
                OwnerId = personId,
                ActivityType = r.Type,
                Title = title,
                Date = r.Date,
                Minutes = (int)Math.Round(r.Hours * 60m),
                Description = r.Description.Trim(),
                Learning = r.Learning.Trim(),
                Impact = r.Impact.Trim(),
                PeerName = r.PeerName?.Trim(),
                PeerRole = r.PeerRole?.Trim(),
                PeerLearning = r.PeerLearning?.Trim(),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Add(record);
            CpdSketch.AddFor(db, record);
        }
    }
}
