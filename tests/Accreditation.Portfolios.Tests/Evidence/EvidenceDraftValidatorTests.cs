using Accreditation.Core.Forms;
using Accreditation.Frameworks.Contracts;
using Accreditation.Portfolios.Contracts;
using Accreditation.Portfolios.Data;
using Accreditation.Portfolios.Evidence;

namespace Accreditation.Portfolios.Tests.Evidence;

/// <summary>The evidence form's checks: what the Save button refuses, what an autosave keeps, in the candidate's words.</summary>
public sealed class EvidenceDraftValidatorTests
{
    private static readonly PublishedStatement First = new(Guid.NewGuid(), Guid.NewGuid(), 1, "Promote and govern excellent practice", "");
    private static readonly PublishedStatement Third = new(Guid.NewGuid(), First.VersionId, 3, "Developing excellent practitioners", "");

    private static List<FormError> Check(EvidenceDraft draft, EvidenceKind kind = EvidenceKind.ReflectiveAccount, bool autosave = false) =>
        new EvidenceDraftValidator(kind, autosave, [First, Third]).Validate(draft).ToFormErrors();

    private static EvidenceDraft Valid() =>
        new("Supervising a new team", "What I did and why.", "Sam Patel", "Team manager", [new MappingDraft(Third.Id, true, "It shows statement 3.")]);

    [Fact]
    public void A_complete_item_passes()
    {
        Assert.Empty(Check(Valid()));
        Assert.Empty(Check(Valid(), EvidenceKind.Observation));
    }

    [Fact]
    public void An_empty_observation_names_each_missing_field_in_form_order()
    {
        var draft = new EvidenceDraft(" ", "", null, null, [new MappingDraft(First.Id, true, "  "), new MappingDraft(Third.Id, false, null)]);

        Assert.Equal(
            [
                new FormError("Title", "Enter a title for this evidence"),
                new FormError("ObserverName", "Enter the name of the colleague who observed you or gave feedback"),
                new FormError("Mappings[0].Rationale", "Explain briefly how this evidence shows statement 1"),
            ],
            Check(draft, EvidenceKind.Observation));
    }

    [Fact]
    public void An_item_mapped_to_nothing_or_to_a_statement_not_in_the_framework_is_refused_on_save()
    {
        Assert.Equal(
            [new FormError("Mappings[0].Selected", "Select at least one statement this evidence shows")],
            Check(Valid() with { Mappings = [new MappingDraft(First.Id, false, null)] }));
        Assert.Equal(
            [new FormError("Mappings[1].Selected", "Choose statements from the list")],
            Check(Valid() with { Mappings = [new MappingDraft(Third.Id, true, "Shows it."), new MappingDraft(Guid.NewGuid(), true, "Forged.")] }));
    }

    [Fact]
    public void Text_too_long_is_refused_even_by_an_autosave()
    {
        var draft = new EvidenceDraft(
            new string('t', PortfoliosModel.NameLength + 1),
            new string('b', PortfoliosModel.BodyLength + 1),
            new string('n', PortfoliosModel.NameLength + 1),
            new string('r', PortfoliosModel.NameLength + 1),
            [new MappingDraft(Third.Id, true, new string('x', PortfoliosModel.ShortTextLength + 1))]);

        Assert.Equal(
            [
                new FormError("Title", "Title must be 200 characters or fewer"),
                new FormError("Body", "The text must be 100,000 characters or fewer"),
                new FormError("ObserverName", "Name must be 200 characters or fewer"),
                new FormError("ObserverRole", "Role must be 200 characters or fewer"),
                new FormError("Mappings[0].Rationale", "The rationale for statement 3 must be 4,000 characters or fewer"),
            ],
            Check(draft, EvidenceKind.Observation, autosave: true));
    }

    [Fact]
    public void An_autosave_keeps_a_half_written_draft()
    {
        Assert.Empty(Check(new EvidenceDraft("", "[a link](javascript:alert(1))", null, null, [new MappingDraft(Third.Id, false, null)]), EvidenceKind.Observation, autosave: true));
    }

    [Fact]
    public void A_link_the_site_would_not_show_is_refused_on_save_quoting_it_as_typed()
    {
        var error = Assert.Single(Check(Valid() with { Body = "See [this](javascript:{PropertyName})." }));

        Assert.Equal("Body", error.Field);
        Assert.StartsWith("Your text links to 'javascript:{PropertyName}'. Links starting with javascript: are not allowed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_observer_is_not_asked_for_on_a_reflective_account()
    {
        Assert.Empty(Check(Valid() with { ObserverName = null, ObserverRole = new string('r', PortfoliosModel.NameLength + 1) }));
    }
}
