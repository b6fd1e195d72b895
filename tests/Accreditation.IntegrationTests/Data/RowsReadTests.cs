using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Accreditation.Core.Data;
using Accreditation.Identity.Clients;
using Accreditation.Testing;
using Accreditation.Testing.National;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.IntegrationTests.Data;

/// <summary>
/// Every main page reads a bounded number of rows: the national generator at 1/100 of national size (400 people, 10,000
/// CPD records, 50,000 audit entries...), each page opened by a person of its role while the database counts the rows
/// EF Core reads for the request. A page that lists everything it could (a whole authority, every marking, every CPD
/// record of a person) reads hundreds of rows already at this size and thousands at national size, and fails.
/// </summary>
public sealed class RowsReadTests(RowsReadTests.NationalSite site) : IClassFixture<RowsReadTests.NationalSite>
{
    /// <summary>At most this many rows a request: a page of 20-50 rows with what each row shows, and the layout's own reads.</summary>
    private const int Bound = 250;

    /// <summary>The pages, as whom, and where.</summary>
    public static TheoryData<string, string> Pages => new()
    {
        { "candidate", "/portfolio" },
        { "candidate", "/portfolio/{enrolment}" },
        { "candidate", "/cpd" },
        { "candidate", "/cpd/years/{year}" },
        { "candidate", "/research?q=supervision" },
        { "assessor", "/marking" },
        { "assessor", "/marking/cases/{case}" },
        { "organisation-admin", "/organisation/cpd" },
        { "admin", "/admin/people" },
        { "admin", "/admin/people?q={search}" },
        { "anonymous", "/updates" },
        { "anonymous", "/updates/feed.atom" },
        { "anonymous", "/verify/{code}" },
        { "system", "/api/v1/organisations/{organisation}/practitioners" },
        { "system", "/api/v1/practitioners/{candidate}/cpd" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_main_page_reads_a_bounded_number_of_rows_on_national_data(string who, string path)
    {
        var (client, url) = await site.OpenAsync(who, path);

        var response = await client.GetAsync(url);

        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode} {response.Headers.Location}");
        var reads = site.Rows.Last(new Uri(client.BaseAddress!, url).PathAndQuery) ?? throw new InvalidOperationException($"No request to {url} was counted.");
        Assert.True(reads.Rows <= Bound, $"{url} read {reads.Rows} rows in {reads.Commands} queries (bound {Bound}).");
    }

    [Theory]
    [InlineData("/marking/lead/report")]
    [InlineData("/marking/lead/report?handler=Csv")]
    public async Task The_lead_assessors_moderation_report_reads_a_bounded_number_of_rows(string path)
    {
        var (client, url) = await site.OpenAsync("lead", path);

        var response = await client.GetAsync(url);

        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        var reads = site.Rows.Last(url) ?? throw new InvalidOperationException($"No request to {url} was counted.");
        // Aggregated by the database: one row per assessor, per assessor and level, per pair of markers and pair of levels.
        Assert.True(reads.Rows <= Bound, $"{url} read {reads.Rows} rows in {reads.Commands} queries (bound {Bound}).");
    }

    [Fact]
    public async Task The_APIs_practitioner_list_reads_a_page_in_a_fixed_number_of_queries()
    {
        var (client, url) = await site.OpenAsync("system", "/api/v1/organisations/{organisation}/practitioners");

        var response = await client.GetAsync(url);

        Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        var reads = site.Rows.Last(url) ?? throw new InvalidOperationException($"No request to {url} was counted.");
        // A page of 100 practitioners: the statuses and summaries of all of them at once, never a query per practitioner.
        Assert.True(reads.Commands <= QueriesPerPage, $"{url} ran {reads.Commands} queries for a page (bound {QueriesPerPage}).");
    }

    /// <summary>At most this many queries for a page of a list: the page, what its rows show (one query a kind), and the sign-in's own.</summary>
    private const int QueriesPerPage = 15;

    /// <summary>The site with the national data at 1/100 scale and the rows-read counter; people of each role signed in once.</summary>
    public sealed class NationalSite : PlatformFactory, IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> clients = [];
        private NationalProbes? probes;
        private string candidateId = "";

        /// <summary>The rows each request read.</summary>
        public RowsRead Rows { get; } = new();

        /// <inheritdoc />
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:TokenPerMinute"] = "10000",
            ["Marking:AutoAllocate"] = "false",
        };

        /// <inheritdoc />
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(Rows.AddTo);
        }

        /// <summary>A client of the role and the path with the generated records' ids filled in.</summary>
        public async Task<(HttpClient Client, string Url)> OpenAsync(string who, string path)
        {
            var p = probes!;
            var url = path.Replace("{enrolment}", p.CandidateEnrolmentId.ToString(), StringComparison.Ordinal)
                .Replace("{year}", p.CpdYear, StringComparison.Ordinal)
                .Replace("{case}", p.AssessorCaseId.ToString(), StringComparison.Ordinal)
                .Replace("{search}", Uri.EscapeDataString(p.CandidateSearch), StringComparison.Ordinal)
                .Replace("{code}", p.VerificationCode, StringComparison.Ordinal)
                .Replace("{organisation}", p.LargestOrganisationId.ToString(), StringComparison.Ordinal)
                .Replace("{candidate}", candidateId, StringComparison.Ordinal);
            await gate.WaitAsync();
            try
            {
                if (!clients.TryGetValue(who, out var client))
                {
                    client = who switch
                    {
                        "anonymous" => CreateClient(),
                        "system" => await SystemAsync(p.LargestOrganisationId),
                        "admin" => await SignedInAsync(AdminEmail, AdminPassword),
                        _ => await SignedInAsync(who switch
                        {
                            "candidate" => p.CandidateEmail,
                            "assessor" => p.AssessorEmail,
                            "lead" => p.LeadEmail,
                            _ => p.OrganisationAdminEmail,
                        }, NationalData.Password),
                    };
                    clients[who] = client;
                }

                return (client, url);
            }
            finally
            {
                gate.Release();
            }
        }

        private readonly SemaphoreSlim gate = new(1, 1);

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            _ = Server;
            probes = await new NationalData(this, NationalCounts.At(0.01)).GenerateAsync();
            await LargerAuthorityAsync(probes.LargestOrganisationId, 300);
            candidateId = await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Users.Where(u => u.Email == probes.CandidateEmail).Select(u => u.Id).SingleAsync());

            // The test clock stands still, so the index worker's timer never fires: its rounds run here.
            for (var round = 0; round < 20 && await WithScopeAsync(sp => sp.GetRequiredService<Accreditation.Research.Indexing.IndexWorker>().RunOnceAsync(sp)) > 0; round++)
            {
            }
        }

        /// <summary>
        /// At 1/100 the largest authority has about 50 people, under one page of most lists; nationally it has thousands.
        /// More people (who keep CPD records) join it so that a page listing a whole authority reads too many rows here.
        /// </summary>
        private Task LargerAuthorityAsync(Guid organisationId, int people) => WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AccreditationDbContext>();
            var role = await db.Roles.Where(r => r.Name == Accreditation.Core.Security.Roles.Candidate).Select(r => r.Id).SingleAsync();
            for (var i = 0; i < people; i++)
            {
                var id = $"rows-read-{i:0000}";
                var email = $"{id}@largest.example.gov.uk";
                db.Add(new Accreditation.Core.Identity.PlatformUser
                {
                    Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true,
                    DisplayName = $"Practitioner {i:0000}", OrganisationId = organisationId, SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = id,
                });
                db.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = id, RoleId = role });
            }

            await db.SaveChangesAsync();
        });

        /// <inheritdoc />
        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        private async Task<HttpClient> SignedInAsync(string email, string password)
        {
            var client = CreateBrowserLikeClient();
            var response = await client.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        /// <summary>A local authority's system with a client-credentials token for the API.</summary>
        private async Task<HttpClient> SystemAsync(Guid organisationId)
        {
            var secret = await WithScopeAsync(async sp =>
            {
                var (created, problems) = await sp.GetRequiredService<ClientApplications>().CreateAsync(
                    new ClientInput("rows-read-system", "Rows read system", "confidential", false, [], [], ["client_credentials"], ["accreditation.read", "cpd.read"], organisationId), null);
                Assert.Empty(problems);
                return created!;
            });
            var client = CreateClient();
            var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "rows-read-system", ["client_secret"] = secret, ["scope"] = "accreditation.read cpd.read",
            }));
            var body = await token.Content.ReadAsStringAsync();
            Assert.True(token.IsSuccessStatusCode, body);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString());
            return client;
        }
    }
}
