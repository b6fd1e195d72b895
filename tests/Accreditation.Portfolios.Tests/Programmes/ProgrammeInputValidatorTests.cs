using Accreditation.Core.Forms;
using Accreditation.Portfolios.Programmes;

namespace Accreditation.Portfolios.Tests.Programmes;

/// <summary>The new programme form's checks, in the admin's words.</summary>
public sealed class ProgrammeInputValidatorTests
{
    private static List<FormError> Check(string? name, string? framework) =>
        ProgrammeInputValidator.Instance.Validate(new ProgrammeInput(name, framework)).ToFormErrors();

    [Fact]
    public void A_named_programme_on_a_framework_passes()
    {
        Assert.Empty(Check("Practice supervisors 2027", "pss"));
        Assert.Empty(Check("  " + new string('a', 200) + "  ", "pss"));
    }

    [Fact]
    public void A_missing_name_is_named()
    {
        Assert.Equal([new FormError("Name", "Enter a name for the programme")], Check("   ", "pss"));
        Assert.Equal([new FormError("Name", "Enter a name for the programme")], Check(null, "pss"));
    }

    [Fact]
    public void A_name_too_long_is_named()
    {
        Assert.Equal([new FormError("Name", "Name must be 200 characters or fewer")], Check(new string('a', 201), "pss"));
    }

    [Fact]
    public void Every_problem_is_named_in_form_order()
    {
        Assert.Equal(
            [new FormError("Name", "Enter a name for the programme"), new FormError("Framework", "Select a framework")],
            Check("", ""));
        Assert.Equal([new FormError("Framework", "Select a framework")], Check("Practice supervisors", null));
    }
}
