using Accreditation.Marking.Data;
using FluentValidation;

namespace Accreditation.Marking.Work;

/// <summary>One statement's agreed grade and feedback as the lead assessor entered them (none when the form did not send it).</summary>
public sealed record AgreedMark(int StatementNumber, int? Level, string? Comment);

/// <summary>A lead assessor's agreed marks: one per statement the case was marked on, in statement order, with the overall comment and why.</summary>
public sealed record AgreedMarks(IReadOnlyList<AgreedMark> Marks, string? OverallComment, string? Rationale);

/// <summary>
/// Checks a lead assessor's agreed marks: every statement graded on the rubric with feedback, the overall comment and the
/// rationale written. Agreed marks are final, so, unlike a marker's draft, nothing incomplete is saved.
/// </summary>
public sealed class AgreedMarksValidator : AbstractValidator<AgreedMarks>
{
    /// <summary>The checks for a rubric of <paramref name="levelCount"/> levels.</summary>
    public AgreedMarksValidator(int levelCount)
    {
        RuleForEach(a => a.Marks).ChildRules(mark =>
        {
            mark.RuleFor(m => m.Level).Must(v => v >= 0 && v < levelCount)
                .WithMessage((m, _) => $"Choose the agreed grade for statement {m.StatementNumber}");
            mark.RuleFor(m => m.Comment).Must(v => Written(v, MarkingWork.MaxComment))
                .WithMessage((m, _) => $"Write the agreed feedback on statement {m.StatementNumber}")
                .When(m => m.Level >= 0 && m.Level < levelCount);
        });
        RuleFor(a => a.OverallComment).Must(v => Written(v, MarkingWork.MaxComment)).WithMessage("Write the agreed overall comment");
        RuleFor(a => a.Rationale).Must(v => Written(v, MarkingModel.CommentLength)).WithMessage("Explain why these are the agreed marks");
    }

    private static bool Written(string? text, int longest) => !string.IsNullOrWhiteSpace(text) && text.Length <= longest;
}
