using Accreditation.Core.Forms;
using Accreditation.Marking.Work;
using FluentValidation;

namespace Accreditation.Marking.Tests;

/// <summary>What stops a marker's save, and what only stops a submit (the marks are kept as a draft).</summary>
public sealed class MarkingEntryValidatorTests
{
    private static readonly MarkingEntryValidator Validator = new();

    [Fact]
    public void A_grade_off_the_rubric_or_a_comment_too_long_stops_even_a_draft()
    {
        var result = Validator.Validate(new MarkingEntry(
            [new MarkEntry(0, 1, 7, "Good"), new MarkEntry(1, 2, 1, new string('x', MarkingWork.MaxComment + 1))],
            "Overall", Submit: false, LevelCount: 4));

        Assert.All(result.Errors, e => Assert.Equal(Severity.Error, e.Severity));
        Assert.Equal(
            [new FormError("Marks[0].Level", "Choose a grade for statement 1"), new FormError("Marks[1].Comment", $"The comment on statement 2 must be {MarkingWork.MaxComment:N0} characters or fewer")],
            result.ToFormErrors());
    }

    [Fact]
    public void Missing_grades_and_feedback_only_matter_on_submit_and_do_not_stop_the_draft()
    {
        var marks = new[] { new MarkEntry(0, 1, null, "Some feedback"), new MarkEntry(1, 2, 2, "  "), new MarkEntry(-1, 3, null, null), new MarkEntry(-1, 4, null, null) };

        Assert.True(Validator.Validate(new MarkingEntry(marks, "", Submit: false, LevelCount: 4)).IsValid);

        var submit = Validator.Validate(new MarkingEntry(marks, " ", Submit: true, LevelCount: 4));
        Assert.All(submit.Errors, e => Assert.Equal(Severity.Info, e.Severity));
        Assert.Equal(
            [
                new FormError("Marks[0].Level", "Choose a grade for statement 1"),
                new FormError("Marks[1].Comment", "Write feedback on statement 2"),
                new FormError("", "Grade every statement before you submit"),
                new FormError("OverallComment", "Write an overall comment"),
            ],
            submit.ToFormErrors());
    }
}
