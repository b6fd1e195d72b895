using Accreditation.Core.Forms;
using Accreditation.Research.Pages.Admin.Research;

namespace Accreditation.Research.Tests;

/// <summary>The taxonomy page's checks of a topic's or an evidence level's name, shown next to the box it was typed in.</summary>
public sealed class TaxonomyNameValidatorTests
{
    private static List<FormError> Topic(string field, string? name) =>
        TaxonomyNameValidator.Topic.Validate(new TaxonomyNameInput(field, name)).ToFormErrors();

    private static List<FormError> Level(string field, string? name) =>
        TaxonomyNameValidator.EvidenceLevel.Validate(new TaxonomyNameInput(field, name)).ToFormErrors();

    [Fact]
    public void A_name_of_up_to_200_characters_passes()
    {
        Assert.Empty(Topic("name", "Trauma-informed practice"));
        Assert.Empty(Topic("name", new string('t', 200)));
        Assert.Empty(Level("levelName", "  Systematic review  "));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_name_is_named_on_the_box_it_was_typed_in(string? name)
    {
        var id = Guid.Parse("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        Assert.Equal([new FormError("name", "Enter a topic name of 200 characters or fewer")], Topic("name", name));
        Assert.Equal([new FormError($"topic-{id}", "Enter a topic name of 200 characters or fewer")], Topic($"topic-{id}", name));
        Assert.Equal([new FormError("levelName", "Enter an evidence level name of 200 characters or fewer")], Level("levelName", name));
        Assert.Equal([new FormError($"level-{id}", "Enter an evidence level name of 200 characters or fewer")], Level($"level-{id}", name));
    }

    [Fact]
    public void A_name_over_200_characters_is_named()
    {
        Assert.Equal([new FormError("name", "Enter a topic name of 200 characters or fewer")], Topic("name", new string('t', 201)));
        Assert.Equal([new FormError("levelName", "Enter an evidence level name of 200 characters or fewer")], Level("levelName", new string('l', 201)));
    }
}
