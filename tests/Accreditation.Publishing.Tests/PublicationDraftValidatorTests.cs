using Accreditation.Core.Forms;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;

namespace Accreditation.Publishing.Tests;

/// <summary>The practice update and page form's checks, in the editor's words and the order the form shows them.</summary>
public sealed class PublicationDraftValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static List<FormError> Check(PublicationDraft draft, Guid? self = null, IReadOnlyDictionary<Guid, Guid?>? pages = null) =>
        new PublicationDraftValidator(Now, self, pages ?? new Dictionary<Guid, Guid?>()).Validate(draft).ToFormErrors();

    private static PublicationDraft Valid() =>
        new(PublicationKind.Update, "Supervision in practice", "A summary.", "The **body**.", "supervision, children in need", "1, 3", AudienceKind.Public, null, null, false);

    [Fact]
    public void A_complete_draft_passes()
    {
        Assert.Empty(Check(Valid()));
        Assert.Empty(Check(Valid() with { Audience = AudienceKind.Roles, AudienceRoles = [Roles.Assessor], UnpublishAt = Now.AddDays(1) }));
    }

    [Fact]
    public void An_empty_draft_asks_for_the_title_the_body_and_the_audience()
    {
        Assert.Equal(
            [
                new FormError("Title", "Enter a title"),
                new FormError("Body", "Enter the body"),
                new FormError("AudienceRoles", "Select at least one role"),
            ],
            Check(new PublicationDraft(PublicationKind.Update, " ", null, "", null, null, AudienceKind.Roles, [], null, false)));
        Assert.Equal(
            [new FormError("AudienceOrganisations", "Select at least one organisation")],
            Check(Valid() with { Audience = AudienceKind.Organisations, AudienceOrganisations = "" }));
    }

    [Fact]
    public void Text_too_long_is_refused()
    {
        Assert.Equal(
            [
                new FormError("Title", "Title must be 200 characters or fewer"),
                new FormError("Summary", "Summary must be 600 characters or fewer"),
                new FormError("Body", "Body must be 50000 characters or fewer"),
            ],
            Check(Valid() with
            {
                Title = new string('t', PublishingModel.TitleLength + 1),
                Summary = new string('s', PublishingModel.SummaryLength + 1),
                Body = new string('b', PublishingModel.BodyLength + 1),
            }));
    }

    [Fact]
    public void Values_in_the_wrong_form_are_refused_in_form_order()
    {
        Assert.Equal(
            [
                new FormError("UnpublishAt", "The take-down time must be in the future"),
                new FormError("Topics", "Each topic must be words of letters and numbers (50 characters or fewer), with topics separated by commas"),
                new FormError("KssStatements", "Statement numbers must be whole numbers from 1 to 100, separated by commas"),
                new FormError("AudienceRoles", "Select at least one role"),
            ],
            Check(Valid() with { UnpublishAt = Now, Topics = "supervision, <script>", KssStatements = "1, 101", Audience = AudienceKind.Roles, AudienceRoles = ["Nobody"] }));
        Assert.Equal(
            [new FormError("AudienceOrganisations", "Select at least one organisation")],
            Check(Valid() with { Audience = AudienceKind.Organisations, AudienceOrganisations = $"{Guid.NewGuid()}\nnot-an-id" }));
    }

    [Fact]
    public void A_body_link_the_site_would_not_show_is_refused_quoting_it_as_typed()
    {
        var error = Assert.Single(Check(Valid() with { Body = "Read [this](javascript:{PropertyName})." }));

        Assert.Equal("Body", error.Field);
        Assert.StartsWith("The body links to 'javascript:{PropertyName}'. Links starting with javascript: are not allowed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_sits_under_another_page_but_never_under_itself_or_a_page_below_it()
    {
        var (top, self, below) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var pages = new Dictionary<Guid, Guid?> { [top] = null, [self] = top, [below] = self };
        var page = Valid() with { Kind = PublicationKind.Page };

        Assert.Empty(Check(page with { ParentId = top }, self, pages));
        Assert.Equal([new FormError("ParentId", "Select a parent page from the list")], Check(page with { ParentId = Guid.NewGuid() }, self, pages));
        Assert.Equal(
            [new FormError("ParentId", "A page cannot sit under itself or a page below it: select another parent")],
            Check(page with { ParentId = below }, self, pages));
        Assert.Equal(
            [new FormError("ParentId", "A page cannot sit under itself or a page below it: select another parent")],
            Check(page with { ParentId = self }, self, pages));
    }
}
