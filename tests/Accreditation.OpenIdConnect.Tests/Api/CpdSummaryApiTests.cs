using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Accreditation.Cpd.Records;
using Accreditation.OpenIdConnect.Tests.Support;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.OpenIdConnect.Tests.Api;

/// <summary>With scope cpd.read a local authority's system reads its practitioners' CPD summaries: counts and hours, never reflections.</summary>
public sealed class CpdSummaryApiTests(ConnectSite site) : IClassFixture<ConnectSite>
{
    private static readonly Guid Eastholme = Guid.Parse("0b7c61c4-2f0e-4d8a-9a53-6f1e2a0c0c01");

    private const string Reflection = "A reflection only the practitioner should ever read.";

    [Fact]
    public async Task The_cpd_summary_of_the_current_registration_year_is_served_with_scope_cpd_read_and_never_the_text()
    {
        var sam = await site.CreatePersonAsync("sam@eastholme.example.gov.uk", configure: p => { p.OrganisationId = Eastholme; p.DisplayName = "Sam Reid"; });
        await site.WithScopeAsync(async sp =>
        {
            var records = sp.GetRequiredService<CpdRecords>();
            foreach (var (title, day, hours, peer) in new[] { ("Older year", new DateOnly(2025, 11, 30), "3", false), ("Course", new DateOnly(2026, 2, 1), "2", false), ("Supervision", new DateOnly(2026, 10, 30), "1.25", true) })
            {
                var result = await records.SaveAsync(sam, null, 0, new CpdInput
                {
                    ActivityType = "Course",
                    Title = title,
                    DateDay = day.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    DateMonth = day.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    DateYear = day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Hours = hours,
                    Description = $"{title}: what it was, {Guid.NewGuid():N}",
                    Learning = $"Learning {Guid.NewGuid():N}",
                    Impact = $"Impact {Guid.NewGuid():N}",
                    PeerName = peer ? "Jo Peer" : null,
                    PeerLearning = peer ? Reflection : null,
                }, CancellationToken.None);
                Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
            }
        });
        var secret = await site.RegisterClientAsync(ConnectSite.System("eastholme-cpd", Eastholme, "cpd.read"));
        var http = site.CreateSystemClient();
        var client = new OidcClient(http, "eastholme-cpd", secret, "");
        await client.DiscoverAsync();
        var token = await client.ClientCredentialsAsync("cpd.read");
        Assert.True(token.Status == HttpStatusCode.OK, token.Body);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token["access_token"]);

        var one = await http.GetAsync($"/api/v1/practitioners/{sam}/cpd");
        var list = await http.GetAsync($"/api/v1/organisations/{Eastholme}/practitioners");

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var body = await one.Content.ReadAsStringAsync();
        var cpd = JsonDocument.Parse(body).RootElement;
        Assert.Equal("2025-26", cpd.GetProperty("year").GetString());
        Assert.Equal(2, cpd.GetProperty("records").GetInt32());
        Assert.Equal(3.25m, cpd.GetProperty("hours").GetDecimal());
        Assert.Equal("2026-10-30", cpd.GetProperty("lastRecordedOn").GetString());
        Assert.DoesNotContain(Reflection, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Supervision", body, StringComparison.Ordinal);

        var listBody = await list.Content.ReadAsStringAsync();
        var practitioner = Assert.Single(JsonDocument.Parse(listBody).RootElement.GetProperty("practitioners").EnumerateArray());
        Assert.Equal(2, practitioner.GetProperty("cpd").GetProperty("records").GetInt32());
        Assert.True(!practitioner.TryGetProperty("accreditation", out var accreditation) || accreditation.ValueKind == JsonValueKind.Null);
        Assert.DoesNotContain(Reflection, listBody, StringComparison.Ordinal);
    }
}
