using System.Globalization;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Accreditation.Publishing.Content;
using Accreditation.Publishing.Data;
using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Publishing.Workflow;

/// <summary>
/// Checks a practice update or page as an editor wrote it, field by field in the order the form shows them. The
/// address (slug) is checked by <see cref="PublishingWorkflow"/> afterwards: it is made from a valid title and looked up.
/// </summary>
public sealed class PublicationDraftValidator : AbstractValidator<PublicationDraft>
{
    /// <summary>
    /// The checks at <paramref name="now"/>, for the item <paramref name="self"/> (null when new), with every page and
    /// its parent (<paramref name="pages"/>: read only when the draft names a parent page).
    /// </summary>
    public PublicationDraftValidator(DateTimeOffset now, Guid? self, IReadOnlyDictionary<Guid, Guid?> pages)
    {
        RuleFor(d => d.UnpublishAt).Must(v => v is not { } down || down > now).WithMessage("The take-down time must be in the future");

        RuleFor(d => d.Title).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a title")
            .Must(v => v!.Trim().Length <= PublishingModel.TitleLength).WithMessage($"Title must be {PublishingModel.TitleLength} characters or fewer");

        RuleFor(d => d.Summary).Must(v => (v?.Trim().Length ?? 0) <= PublishingModel.SummaryLength)
            .WithMessage($"Summary must be {PublishingModel.SummaryLength} characters or fewer");

        RuleFor(d => d.Body).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter the body")
            .Must(v => v!.Length <= PublishingModel.BodyLength).WithMessage($"Body must be {PublishingModel.BodyLength} characters or fewer")
            .Custom((body, context) =>
            {
                if (Links.ProblemsIn(body, MarkdownRenderer.Pipeline) is [var (link, problem), ..])
                {
                    // The message quotes what was typed, so it is not a message template.
                    context.AddFailure(new ValidationFailure(nameof(PublicationDraft.Body), $"The body links to '{(link.Length > 80 ? link[..80] + "…" : link)}'. {problem}"));
                }
            });

        RuleFor(d => d.Topics).Must(v => PublishingWorkflow.SplitTopics(v).All(PublishingWorkflow.IsTopic))
            .WithMessage($"Each topic must be words of letters and numbers ({PublishingWorkflow.TopicLength} characters or fewer), with topics separated by commas");

        RuleFor(d => d.KssStatements)
            .Must(v => PracticeUpdate.Split(v ?? "").All(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 100))
            .WithMessage("Statement numbers must be whole numbers from 1 to 100, separated by commas");

        RuleFor(d => d.AudienceRoles).Must(v => v is { Count: > 0 } && v.All(Roles.All.Contains))
            .When(d => d.Audience == AudienceKind.Roles).WithMessage("Select at least one role");

        RuleFor(d => d.AudienceOrganisations).Must(v => OrganisationsIn(v) is { Count: > 0 } ids && ids.All(o => Guid.TryParse(o, out _)))
            .When(d => d.Audience == AudienceKind.Organisations).WithMessage("Select at least one organisation");

        // A parent is another page, and not one below this page (which would make a loop).
        RuleFor(d => d.ParentId).Cascade(CascadeMode.Stop)
            .Must(v => pages.ContainsKey(v!.Value)).WithMessage("Select a parent page from the list")
            .Must(v => !Below(v!.Value, self, pages)).WithMessage("A page cannot sit under itself or a page below it: select another parent")
            .When(d => d.ParentId is not null && d.Kind == PublicationKind.Page);
    }

    /// <summary>The organisation ids typed or chosen, one per line or separated by commas.</summary>
    public static IReadOnlyList<string> OrganisationsIn(string? value) =>
        PracticeUpdate.Split(value?.Replace('\n', ',').Replace('\r', ',') ?? "");

    // Whether the parent is the page itself or one of the pages under it.
    private static bool Below(Guid parentId, Guid? self, IReadOnlyDictionary<Guid, Guid?> pages)
    {
        for (Guid? at = parentId; at is { } current; at = pages.GetValueOrDefault(current))
        {
            if (current == self)
            {
                return true;
            }
        }

        return false;
    }
}
