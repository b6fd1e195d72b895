using Accreditation.Core.Forms;
using Accreditation.Marking.Data;
using Accreditation.Marking.Work;

namespace Accreditation.Marking.Tests.Moderation;

/// <summary>The lead assessor's agreed marks form: every statement graded with feedback, the overall comment and why, in their words.</summary>
public sealed class AgreedMarksValidatorTests
{
    private static List<FormError> Check(AgreedMarks marks) => new AgreedMarksValidator(levelCount: 4).Validate(marks).ToFormErrors();

    [Fact]
    public void Complete_agreed_marks_pass()
    {
        Assert.Empty(Check(new AgreedMarks([new AgreedMark(1, 0, "Met."), new AgreedMark(2, 3, "Exceeded.")], "Overall.", "The second marker read statement 2 closely.")));
    }

    [Fact]
    public void Empty_marks_name_each_statement_then_the_comment_and_the_rationale()
    {
        Assert.Equal(
            [
                new FormError("Marks[0].Level", "Choose the agreed grade for statement 1"),
                new FormError("Marks[1].Comment", "Write the agreed feedback on statement 4"),
                new FormError("OverallComment", "Write the agreed overall comment"),
                new FormError("Rationale", "Explain why these are the agreed marks"),
            ],
            Check(new AgreedMarks([new AgreedMark(1, null, null), new AgreedMark(4, 2, " ")], "", null)));
    }

    [Fact]
    public void A_grade_off_the_rubric_or_text_too_long_is_refused()
    {
        var tooLong = new string('x', MarkingModel.CommentLength + 1);
        Assert.Equal(
            [
                new FormError("Marks[0].Level", "Choose the agreed grade for statement 1"),
                new FormError("Marks[1].Level", "Choose the agreed grade for statement 2"),
                new FormError("Marks[2].Comment", "Write the agreed feedback on statement 3"),
                new FormError("OverallComment", "Write the agreed overall comment"),
                new FormError("Rationale", "Explain why these are the agreed marks"),
            ],
            Check(new AgreedMarks([new AgreedMark(1, 4, "Met."), new AgreedMark(2, -1, "Met."), new AgreedMark(3, 1, tooLong)], tooLong, tooLong)));
    }
}
