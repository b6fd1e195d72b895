using Accreditation.Core.Forms;
using Accreditation.Marking.Rubrics;

namespace Accreditation.Marking.Tests.Rubrics;

/// <summary>The decision rule form's checks, in the admin's words, for a rubric of four levels.</summary>
public sealed class DecisionRuleInputValidatorTests
{
    private static List<FormError> Check(DecisionRuleInput input) =>
        new DecisionRuleInputValidator(levelCount: 4, availableComponents: ["knowledge-assessment"]).Validate(input).ToFormErrors();

    [Fact]
    public void A_rule_within_the_rubric_passes()
    {
        Assert.Empty(Check(new DecisionRuleInput(2, 1, 20, 1, 28, ["knowledge-assessment"])));
        Assert.Empty(Check(new DecisionRuleInput(0, 0, 0, 0, 0)));
        Assert.Empty(Check(new DecisionRuleInput(3, 50, 100, 3, 365)));
    }

    [Fact]
    public void Every_value_out_of_range_is_named_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("Components", "There is no component 'viva{0}' on this site: choose from the components listed"),
                new FormError("MinimumLevel", "Choose the lowest level every statement must reach"),
                new FormError("StatementsAllowedBelow", "Enter how many statements may fall below it, from 0 to 50"),
                new FormError("SamplePercent", "Enter a sample between 0% and 100%"),
                new FormError("Tolerance", "Enter a tolerance from 0 to 3 levels"),
                new FormError("AppealDays", "Enter a review period from 0 to 365 days"),
            ],
            Check(new DecisionRuleInput(4, 51, 101, 4, 366, ["viva{0}"])));
        Assert.Equal(
            ["MinimumLevel", "StatementsAllowedBelow", "SamplePercent", "Tolerance", "AppealDays"],
            Check(new DecisionRuleInput(-1, -1, -1, -1, -1)).Select(e => e.Field));
    }
}
