using System.Net;
using Accreditation.Assessments.Data;
using Accreditation.Assessments.Tests.Support;
using Accreditation.Core.Data;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Assessments.Tests.Bank;

public sealed class BlueprintTests(AssessmentSite site) : IClassFixture<AssessmentSite>
{
    private Task<Blueprint> StoredAsync(Guid programme) => site.WithScopeAsync(sp =>
        sp.GetRequiredService<AccreditationDbContext>().Set<Blueprint>().AsNoTracking().SingleAsync(b => b.ProgrammeId == programme));

    [Fact]
    public async Task A_lead_assessor_sets_the_blueprint_bad_values_are_explained_and_a_stale_form_is_a_conflict()
    {
        var (programme, _) = await site.PrepareAsync();
        var lead = await site.LeadAsync();
        var url = $"/assessment/lead/blueprint/{programme}";
        var form = await lead.GetDocumentAsync(url);
        Assert.Equal("General = 3\nApplied = 2", form.QuerySelector("#Rules")!.TextContent.Trim());
        var version = form.QuerySelector("input[name=RowVersion]")!.GetAttribute("value")!;

        var bad = await lead.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Rules"] = "General: eighteen", ["TimeLimitMinutes"] = "0", ["PassMarkPercent"] = "101", ["MaxAttempts"] = "x", ["ResitAfterDays"] = "-1", ["RowVersion"] = version,
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var body = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("\"General: eighteen\" is not.", body);
        Assert.Contains("The time limit must be 1 to 600 minutes.", body);
        Assert.Contains("The pass mark must be 1 to 100 per cent.", body);
        Assert.Contains("Candidates may have 1 to 10 attempts.", body);
        Assert.Contains("The wait before a resit must be 0 to 730 days.", body);
        Assert.Equal("General=3;Applied=2", (await StoredAsync(programme)).Rules);

        var good = await lead.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Rules"] = "General = 2\r\nApplied = 2", ["TimeLimitMinutes"] = "45", ["PassMarkPercent"] = "65", ["MaxAttempts"] = "3", ["ResitAfterDays"] = "14",
            ["ShuffleItems"] = "true", ["RowVersion"] = version,
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var stored = await StoredAsync(programme);
        Assert.Equal(("General=2;Applied=2", 45, 65, 3, 14, true, false),
            (stored.Rules, stored.TimeLimitMinutes, stored.PassMarkPercent, stored.MaxAttempts, stored.ResitAfterDays, stored.ShuffleItems, stored.ShuffleOptions));

        // The form read before that save is stale now: saving it again is refused, not silently overwriting.
        var stale = await lead.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Rules"] = "General = 3", ["TimeLimitMinutes"] = "60", ["PassMarkPercent"] = "60", ["MaxAttempts"] = "2", ["ResitAfterDays"] = "28", ["RowVersion"] = version,
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("General=2;Applied=2", (await StoredAsync(programme)).Rules);
    }
}
