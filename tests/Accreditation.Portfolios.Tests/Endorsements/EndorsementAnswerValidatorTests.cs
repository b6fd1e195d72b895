using Accreditation.Core.Forms;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Endorsements;

namespace Accreditation.Portfolios.Tests.Endorsements;

/// <summary>An endorser's answer checked before anything is recorded: the first problem, in the words the page shows.</summary>
public sealed class EndorsementAnswerValidatorTests
{
    private static readonly string TooLong = new('x', PortfoliosModel.ShortTextLength + 1);

    private static List<FormError> Check(bool confirming, string? decision, string? statement = null, string? reasons = null) =>
        new EndorsementAnswerValidator(confirming).Validate(new EndorsementAnswer(decision, statement, reasons)).ToFormErrors();

    [Theory]
    [InlineData(false, "Endorse", "Ready: her supervision is reflective and child-centred.", null)]
    [InlineData(false, "Decline", null, "The direct work evidence needs the child's voice.")]
    [InlineData(true, "Confirm", null, null)]
    [InlineData(true, "Decline", "", "The new account names a child.")]
    public void Answers_the_request_allows_pass(bool confirming, string decision, string? statement, string? reasons)
    {
        Assert.Empty(Check(confirming, decision, statement, reasons));
    }

    [Theory]
    [InlineData(false, null, "Select whether you endorse the candidate")]
    [InlineData(false, "Confirm", "Select whether you endorse the candidate")]
    [InlineData(true, "Endorse", "Select whether your endorsement still stands")]
    [InlineData(true, "Maybe", "Select whether your endorsement still stands")]
    public void A_decision_the_request_does_not_allow_is_the_only_problem_named(bool confirming, string? decision, string message)
    {
        Assert.Equal([new FormError("Decision", message)], Check(confirming, decision, TooLong, TooLong));
    }

    [Fact]
    public void An_endorsement_needs_a_statement_and_a_decline_needs_reasons()
    {
        Assert.Equal(new FormError("ReadinessStatement", "Enter your statement of the candidate's readiness"), Check(false, "Endorse", "   ", "ignored").First());
        Assert.Equal(new FormError("DeclineReasons", "Enter your reasons, so the candidate knows what to work on"), Check(false, "Decline", "", " ").First());
    }

    [Fact]
    public void Texts_over_the_limit_are_refused_after_a_missing_one()
    {
        Assert.Equal(new FormError("ReadinessStatement", $"Your statement must be {PortfoliosModel.ShortTextLength:N0} characters or fewer"), Check(false, "Endorse", TooLong).First());
        Assert.Equal(new FormError("DeclineReasons", $"Your reasons must be {PortfoliosModel.ShortTextLength:N0} characters or fewer"), Check(true, "Decline", null, TooLong).First());

        // A decline without reasons asks for them first, even when the statement is too long as well.
        Assert.Equal(new FormError("DeclineReasons", "Enter your reasons, so the candidate knows what to work on"), Check(false, "Decline", TooLong, null).First());
    }
}
