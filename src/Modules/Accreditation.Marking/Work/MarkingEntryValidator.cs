using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Marking.Work;

/// <summary>One statement's grade and comment as entered, with its place in the form (field names carry it).</summary>
public sealed record MarkEntry(int Index, int StatementNumber, int? Level, string? Comment);

/// <summary>A marker's whole form: one entry per statement of the marking, the overall comment, and whether it is a submit.</summary>
public sealed record MarkingEntry(IReadOnlyList<MarkEntry> Marks, string? OverallComment, bool Submit, int LevelCount);

/// <summary>
/// Checks a marker's form. Problems of form (a grade not on the rubric, a comment too long) stop any save. Problems of
/// completeness (a statement not graded, feedback not written) only matter on submit, and have
/// <see cref="Severity.Info"/>: the marks are still saved as a draft and the marker is told what is missing.
/// </summary>
public sealed class MarkingEntryValidator : AbstractValidator<MarkingEntry>
{
    /// <summary>The checks.</summary>
    public MarkingEntryValidator()
    {
        RuleFor(e => e).Custom((entry, context) =>
        {
            foreach (var mark in entry.Marks)
            {
                if (Problem(mark, entry) is { } problem)
                {
                    context.AddFailure(problem);
                }
            }
        });

        RuleFor(e => e.OverallComment).Must(c => !TooLong(c))
            .WithMessage($"The overall comment must be {MarkingWork.MaxComment:N0} characters or fewer");
        RuleFor(e => e.OverallComment).Must(c => !string.IsNullOrWhiteSpace(c)).When(e => e.Submit && !TooLong(e.OverallComment))
            .WithMessage("Write an overall comment").WithSeverity(Severity.Info);
    }

    // The first problem with one statement's grade and comment, if any.
    private static ValidationFailure? Problem(MarkEntry mark, MarkingEntry entry)
    {
        var field = $"Marks[{mark.Index}]";
        if (mark.Level is { } level && (level < 0 || level >= entry.LevelCount))
        {
            return new ValidationFailure($"{field}.Level", $"Choose a grade for statement {mark.StatementNumber}");
        }

        if (TooLong(mark.Comment))
        {
            return new ValidationFailure($"{field}.Comment", $"The comment on statement {mark.StatementNumber} must be {MarkingWork.MaxComment:N0} characters or fewer");
        }

        if (!entry.Submit)
        {
            return null;
        }

        if (mark.Level is null)
        {
            // A statement the form did not send has no field of its own: the problem is the form's.
            return mark.Index < 0
                ? Missing("", "Grade every statement before you submit")
                : Missing($"{field}.Level", $"Choose a grade for statement {mark.StatementNumber}");
        }

        return string.IsNullOrWhiteSpace(mark.Comment) ? Missing($"{field}.Comment", $"Write feedback on statement {mark.StatementNumber}") : null;
    }

    private static bool TooLong(string? comment) => (comment?.Length ?? 0) > MarkingWork.MaxComment;

    private static ValidationFailure Missing(string field, string message) => new(field, message) { Severity = Severity.Info };
}
