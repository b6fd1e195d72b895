using Accreditation.Core.Security;
using Accreditation.Cpd.Tests.Support;
using Accreditation.Testing;

namespace Accreditation.Cpd.Tests.Records;

/// <summary>No silent moves: a record saved into a registration year other than the one shown says where it went.</summary>
public sealed class SavedElsewhereTests(CpdSite site) : IClassFixture<CpdSite>
{
    [Fact]
    public async Task A_record_saved_into_another_year_says_which_year_and_links_to_it()
    {
        site.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
        var person = await site.PersonAsync(Roles.Candidate);

        // Saved on 6 December 2026 (2026-27) but dated 12 November: it belongs to 2025-26.
        await site.RecordAsync(person, CpdSite.RecordFields("Course on contextual safeguarding", new DateOnly(2026, 11, 12)));
        var page = await person.Client.GetDocumentAsync("/cpd");

        Assert.Contains("Saved: Course on contextual safeguarding", page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        var note = page.QuerySelector("#saved-in-year")!;
        Assert.Contains("dated 12 November 2026", note.TextContent, StringComparison.Ordinal);
        Assert.Contains("counts towards the 2025-26 registration year", note.TextContent, StringComparison.Ordinal);
        Assert.Equal("/cpd/years/2025-26", note.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("0", page.QuerySelector("#record-count")!.TextContent.Trim());
        var year = await person.Client.GetDocumentAsync("/cpd/years/2025-26");
        Assert.Contains("Course on contextual safeguarding", year.QuerySelector("#records")!.TextContent, StringComparison.Ordinal);

        // A record of this year is simply saved; the note is not shown again once read.
        await site.RecordAsync(person, CpdSite.RecordFields("Reflective supervision", new DateOnly(2026, 12, 2)));
        var current = await person.Client.GetDocumentAsync("/cpd");
        Assert.Contains("Saved: Reflective supervision", current.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Null(current.QuerySelector("#saved-in-year"));
        Assert.Equal("1", current.QuerySelector("#record-count")!.TextContent.Trim());
    }
}
