using System.Net;
using Accreditation.Core.Contracts;
using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Cpd.Data;
using Accreditation.Testing;
using Accreditation.Testing.National;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Cpd.Tests.Support;

/// <summary>Awards a test gives people, standing in for the marking module's <see cref="IAccreditationAwards"/>.</summary>
public sealed class FakeAwards : IAccreditationAwards
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<AccreditationAward>> awards = new();

    /// <summary>Gives the person these awards.</summary>
    public void Give(string personId, params AccreditationAward[] list) => awards[personId] = list;

    /// <inheritdoc />
    public Task<IReadOnlyList<AccreditationAward>> AwardsOfAsync(string personId, CancellationToken ct = default) =>
        Task.FromResult(awards.GetValueOrDefault(personId) ?? []);
}

/// <summary>A person of the CPD tests: their client, id and email.</summary>
public sealed record Person(HttpClient Client, string Id, string Email);

/// <summary>The site from the setup recipe, sign-in rate limits lifted, with a fake source of accreditation awards.</summary>
public class CpdSite : PlatformFactory
{
    /// <summary>Every test person's password.</summary>
    public const string Password = "harbour thistle copper 17";

    /// <summary>The awards people hold in these tests.</summary>
    public FakeAwards Awards { get; } = new();

    /// <summary>The rows each request read from the database.</summary>
    public RowsRead Rows { get; } = new();

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["RateLimits:SignInPerMinute"] = "1000",
    };

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IAccreditationAwards>(Awards);
            Rows.AddTo(services);
        });
    }

    /// <summary>Creates a person with a role (and organisation) and returns a client signed in as them.</summary>
    public async Task<Person> PersonAsync(string role, Guid? organisationId = null, string? name = null)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.gov.uk";
        var id = await WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            await People.EnsureOrganisationAsync(sp, organisationId);
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name ?? $"Test {role}", OrganisationId = organisationId };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return user.Id;
        });
        var client = CreateBrowserLikeClient();
        var signIn = await client.SignInWithTwoFactorAsync(email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return new Person(client, id, email);
    }

    /// <summary>The fields of a complete record; change any before posting.</summary>
    public static Dictionary<string, string> RecordFields(string title, DateOnly date, string? text = null, bool peer = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.ActivityType"] = "Reading",
            ["Input.Title"] = title,
            ["Input.DateDay"] = date.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.DateMonth"] = date.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.DateYear"] = date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Hours"] = "1.5",
            ["Input.Description"] = text ?? $"{title}: a unique account {Guid.NewGuid():N} of what the activity was and why it mattered.",
            ["Input.Learning"] = $"Learning {Guid.NewGuid():N}",
            ["Input.Impact"] = $"Impact {Guid.NewGuid():N}",
        };
        if (peer)
        {
            fields["Input.PeerName"] = "Priya Shah";
            fields["Input.PeerRole"] = "Practice supervisor";
            fields["Input.PeerLearning"] = $"From the discussion {Guid.NewGuid():N}";
        }

        return fields;
    }

    /// <summary>Records CPD through the form; returns the new record's id (asserting it saved).</summary>
    public async Task<Guid> RecordAsync(Person person, Dictionary<string, string> fields)
    {
        var response = await person.Client.PostFormAsync("/cpd/records/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        Assert.Equal("/cpd", response.Headers.Location!.OriginalString);
        return await WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<CpdRecord>()
            .Where(r => r.OwnerId == person.Id && r.Title == fields["Input.Title"]).Select(r => r.Id).SingleAsync());
    }

    /// <summary>Posts the record form and returns the page it answers with (an error, the duplicate warning).</summary>
    public static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostRecordAsync(Person person, Dictionary<string, string> fields, string url = "/cpd/records/new")
    {
        var response = await person.Client.PostFormAsync(url, fields);
        return (response, Testing.Pages.Parse(await response.Content.ReadAsStringAsync()));
    }
}
