using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Notifications.Outbox;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>A site whose publishing and email background tasks are off: tests run them at the moments they choose.</summary>
public class PublishingSite : PlatformFactory
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Publishing:BackgroundTasks:Enabled"] = "false",
        ["Site:BaseUrl"] = "https://accreditation.example.gov.uk",
        ["Email:Dispatch:Enabled"] = "false",
        ["RateLimits:SignInPerMinute"] = "1000",
    };
}

/// <summary>A publishing site that delivers email to maildev when a test dispatches.</summary>
public sealed class PublishingMailSite : PublishingSite
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Email:From"] = "no-reply@accreditation.example.gov.uk";
            settings["Email:Smtp:Host"] = "127.0.0.1";
            settings["Email:Smtp:Port"] = Maildev.Instance.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Email:Smtp:Security"] = "None";
            return settings;
        }
    }
}

/// <summary>What publishing tests do to a site: people, drafts, workflow moves, outbox reads.</summary>
public static class PublishingSiteExtensions
{
    /// <summary>A unique email address.</summary>
    public static string NewAddress(string who) => $"{who}.{Guid.NewGuid():N}@example.gov.uk";

    /// <summary>Creates a Publisher and returns them as an actor.</summary>
    public static async Task<Actor> NewPublisherAsync(this PlatformFactory site)
    {
        var email = NewAddress("publisher");
        var id = await site.CreatePersonAsync(email, [Roles.Publisher]);
        return new Actor(id, email);
    }

    /// <summary>A draft update with a unique title.</summary>
    public static PublicationDraft Draft(string title, AudienceKind audience = AudienceKind.Public, string topics = "supervision", bool important = false, string body = "Some **guidance**.", IReadOnlyList<string>? roles = null, string? organisations = null) =>
        new(PublicationKind.Update, $"{title} {Guid.NewGuid():N}"[..Math.Min(title.Length + 33, 200)], "A short summary.", body, topics, "2, 5", audience, roles, organisations, important);

    /// <summary>Runs a workflow call in a scope.</summary>
    public static Task<T> WorkflowAsync<T>(this PlatformFactory site, Func<PublishingWorkflow, Task<T>> work) =>
        site.WithScopeAsync(sp => work(sp.GetRequiredService<PublishingWorkflow>()));

    /// <summary>The item as stored.</summary>
    public static Task<PracticeUpdate> ItemAsync(this PlatformFactory site, Guid id) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<PracticeUpdate>().AsNoTracking().SingleAsync(u => u.Id == id));

    /// <summary>Moves an item by an action with its current row version.</summary>
    public static async Task<PublishingResult> ActAsync(this PlatformFactory site, Guid id, PublicationAction action, Actor actor, DateTimeOffset? at = null)
    {
        var item = await site.ItemAsync(id);
        return await site.WorkflowAsync(w => w.ActAsync(id, item.Version, action, actor, at));
    }

    /// <summary>Drafts, submits and has a second Publisher approve; returns the published item.</summary>
    public static async Task<PracticeUpdate> PublishAsync(this PlatformFactory site, PublicationDraft draft)
    {
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var created = await site.WorkflowAsync(w => w.CreateAsync(draft, author));
        Assert.True(created.Succeeded, string.Join("; ", created.Errors));
        var id = created.Id!.Value;
        Assert.True((await site.ActAsync(id, PublicationAction.Submit, author)).Succeeded);
        var approved = await site.ActAsync(id, PublicationAction.Approve, reviewer);
        Assert.True(approved.Succeeded, string.Join("; ", approved.Errors));
        return await site.ItemAsync(id);
    }

    /// <summary>Outbox rows to an address.</summary>
    public static Task<List<OutboxEmail>> OutboxToAsync(this PlatformFactory site, string address)
    {
        var lower = address.ToLowerInvariant(); // the outbox stores addresses lower-cased
        return site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<OutboxEmail>().AsNoTracking()
            .Where(m => m.RecipientAddresses == lower).ToListAsync());
    }

    /// <summary>A signed-in client (with two-factor set up and used, as publishers must).</summary>
    public static async Task<HttpClient> SignedInClientAsync(this PlatformFactory site, string email)
    {
        var client = site.CreateBrowserLikeClient();
        var response = await client.SignInWithTwoFactorAsync(email);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
