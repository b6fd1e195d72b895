using Accreditation.Core.Recipes;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Recipes;

/// <summary>The "pages" step: adds published standing pages (about, privacy notice) that do not exist yet; existing pages are left as editors made them.</summary>
public sealed class PagesStep(IIdSource ids, TimeProvider clock) : RecipeStep<PagesStep.Data>
{
    /// <summary>One page: its address segment, title, summary and Markdown body.</summary>
    public sealed record PageData(string Slug, string Title, string Summary, string Body);

    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<PageData> Pages);

    /// <inheritdoc />
    public override string Name => "pages";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < data.Pages.Count; i++)
        {
            var page = data.Pages[i];
            if (PublishingWorkflow.Slugify(page.Slug) != page.Slug || page.Slug.Length == 0)
            {
                errors.Add($"$.pages[{i}].slug", "A slug is lower-case letters, numbers and hyphens.");
            }

            if (string.IsNullOrWhiteSpace(page.Title) || page.Title.Length > PublishingModel.TitleLength)
            {
                errors.Add($"$.pages[{i}].title", "Give a title of 200 characters or fewer.");
            }

            if (string.IsNullOrWhiteSpace(page.Body))
            {
                errors.Add($"$.pages[{i}].body", "Give the page a body.");
            }

            foreach (var (link, problem) in Links.ProblemsIn(page.Body, MarkdownRenderer.Pipeline))
            {
                errors.Add($"$.pages[{i}].body", $"The body links to '{link}'. {problem}");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var page in data.Pages)
        {
            if (await context.Db.Set<PracticeUpdate>().AnyAsync(u => u.Kind == PublicationKind.Page && u.Slug == page.Slug, ct))
            {
                continue;
            }

            var id = ids.NewId();
            context.Db.Set<PracticeUpdate>().Add(new PracticeUpdate
            {
                Id = id,
                Kind = PublicationKind.Page,
                Slug = page.Slug,
                Title = page.Title,
                Summary = page.Summary,
                Body = page.Body,
                Audience = AudienceKind.Public,
                Status = PublicationStatus.Published,
                CreatedAt = now,
                UpdatedAt = now,
                PublishedAt = now,
                CurrentVersion = 1,
            });
            context.Db.Set<PracticeUpdateVersion>().Add(new PracticeUpdateVersion
            {
                Id = ids.NewId(),
                PracticeUpdateId = id,
                Number = 1,
                Title = page.Title,
                Summary = page.Summary,
                Body = page.Body,
                SavedAt = now,
                SavedBy = "Setup recipe",
            });
            context.Db.Set<PracticeUpdateEvent>().Add(new PracticeUpdateEvent
            {
                Id = ids.NewId(),
                PracticeUpdateId = id,
                To = PublicationStatus.Published,
                By = "Setup recipe",
                At = now,
                Note = "Added by the setup recipe",
            });
        }

        context.Db.Announce(Menus.MenuLinksCache.Topic);
        await context.Db.SaveChangesAsync(ct);
        context.Services.GetService<Menus.MenuLinksCache>()?.Invalidate();
    }
}
