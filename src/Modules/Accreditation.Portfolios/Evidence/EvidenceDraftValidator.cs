using Accreditation.Core.Text;
using Accreditation.Core.Web;
using Accreditation.Frameworks.Contracts;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Portfolios.Evidence;

/// <summary>
/// Checks an evidence item as the candidate typed it, field by field in the order the form shows them. An autosave
/// checks lengths only, so a half-written draft is always kept; the Save button checks everything.
/// </summary>
public sealed class EvidenceDraftValidator : AbstractValidator<EvidenceDraft>
{
    /// <summary>The checks for an item of <paramref name="kind"/>, mapping to the portfolio's <paramref name="statements"/> only.</summary>
    public EvidenceDraftValidator(EvidenceKind kind, bool autosave, IReadOnlyList<PublishedStatement> statements)
    {
        var numbers = statements.ToDictionary(s => s.Id, s => s.Number);

        RuleFor(d => d.Title).Cascade(CascadeMode.Stop)
            .Must(v => autosave || Trimmed(v).Length > 0).WithMessage("Enter a title for this evidence")
            .Must(v => Trimmed(v).Length <= PortfoliosModel.NameLength).WithMessage($"Title must be {PortfoliosModel.NameLength} characters or fewer");

        RuleFor(d => d.Body).Cascade(CascadeMode.Stop)
            .Must(v => (v?.Length ?? 0) <= PortfoliosModel.BodyLength).WithMessage($"The text must be {PortfoliosModel.BodyLength:N0} characters or fewer")
            .Custom((body, context) =>
            {
                // Only the Save button refuses: an autosave keeps the draft (it is shown with the link as text), so nothing is lost.
                if (!autosave && Links.ProblemsIn(body, MarkdownText.Pipeline) is [var (link, problem), ..])
                {
                    context.AddFailure(new ValidationFailure(nameof(EvidenceDraft.Body), $"Your text links to '{Shortened(link)}'. {problem}"));
                }
            });

        When(_ => kind == EvidenceKind.Observation, () =>
        {
            RuleFor(d => d.ObserverName).Cascade(CascadeMode.Stop)
                .Must(v => autosave || !string.IsNullOrWhiteSpace(v)).WithMessage("Enter the name of the colleague who observed you or gave feedback")
                .Must(v => Trimmed(v).Length <= PortfoliosModel.NameLength).WithMessage($"Name must be {PortfoliosModel.NameLength} characters or fewer");
            RuleFor(d => d.ObserverRole)
                .Must(v => Trimmed(v).Length <= PortfoliosModel.NameLength).WithMessage($"Role must be {PortfoliosModel.NameLength} characters or fewer");
        });

        RuleForEach(d => d.Mappings).ChildRules(mapping =>
        {
            mapping.RuleFor(m => m.Selected).Must((m, _) => numbers.ContainsKey(m.StatementId)).WithMessage("Choose statements from the list");
            mapping.RuleFor(m => m.Rationale).Cascade(CascadeMode.Stop)
                .Must(v => autosave || Trimmed(v).Length > 0)
                .WithMessage((m, _) => $"Explain briefly how this evidence shows statement {numbers[m.StatementId]}")
                .Must(v => Trimmed(v).Length <= PortfoliosModel.ShortTextLength)
                .WithMessage((m, _) => $"The rationale for statement {numbers[m.StatementId]} must be {PortfoliosModel.ShortTextLength:N0} characters or fewer")
                .When(m => m.Selected && numbers.ContainsKey(m.StatementId));
        });

        RuleFor(d => d.Mappings).Must(v => autosave || v.Any(m => m.Selected))
            .OverridePropertyName("Mappings[0].Selected").WithMessage("Select at least one statement this evidence shows");
    }

    private static string Trimmed(string? value) => value?.Trim() ?? "";

    private static string Shortened(string link) => link.Length > 80 ? link[..80] + "…" : link;
}
