using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Publishing.Data;
using Accreditation.Publishing.Workflow;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Tests;

/// <summary>Who may write, review and publish are permissions like the others; every publication is audited.</summary>
public sealed class PermissionTests(PublishingSite site) : IClassFixture<PublishingSite>
{
    private async Task<Actor> PersonWithAsync(string permission)
    {
        var email = PublishingSiteExtensions.NewAddress("person");
        var id = await site.CreatePersonAsync(email, [Roles.Candidate]);
        return new Actor(id, email, new HashSet<string> { permission });
    }

    [Fact]
    public async Task A_writer_cannot_approve_a_reviewer_cannot_write_and_only_a_publisher_archives()
    {
        var writer = await PersonWithAsync(Permissions.Edit);
        var reviewer = await PersonWithAsync(Permissions.Review);
        var publisher = await site.NewPublisherAsync();

        var byReviewer = await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Reviewer writes"), reviewer));
        var id = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Writer writes"), writer))).Id!.Value;
        Assert.True((await site.ActAsync(id, PublicationAction.Submit, writer)).Succeeded);
        var writerApproves = await site.ActAsync(id, PublicationAction.Approve, await PersonWithAsync(Permissions.Edit));
        var reviewerApproves = await site.ActAsync(id, PublicationAction.Approve, reviewer);
        var reviewerArchives = await site.ActAsync(id, PublicationAction.Archive, reviewer);
        var publisherArchives = await site.ActAsync(id, PublicationAction.Archive, publisher with { Permissions = new HashSet<string> { Permissions.Publish } });

        Assert.False(byReviewer.Succeeded);
        Assert.Contains("permission to write", byReviewer.Errors[0].Message, StringComparison.Ordinal);
        Assert.False(writerApproves.Succeeded);
        Assert.Contains("permission to review", writerApproves.Errors[0].Message, StringComparison.Ordinal);
        Assert.True(reviewerApproves.Succeeded, string.Join("; ", reviewerApproves.Errors));
        Assert.False(reviewerArchives.Succeeded);
        Assert.True(publisherArchives.Succeeded);
    }

    [Fact]
    public async Task Every_publication_is_audited_including_one_that_comes_due_on_schedule()
    {
        var author = await site.NewPublisherAsync();
        var reviewer = await site.NewPublisherAsync();
        var now = (await site.PublishAsync(PublishingSiteExtensions.Draft("Published now"))).Id;
        var later = (await site.WorkflowAsync(w => w.CreateAsync(PublishingSiteExtensions.Draft("Published later"), author))).Id!.Value;
        await site.ActAsync(later, PublicationAction.Submit, author);
        await site.ActAsync(later, PublicationAction.Approve, reviewer, site.Clock.GetUtcNow().AddHours(1));
        site.Clock.Advance(TimeSpan.FromHours(1));
        await site.WorkflowAsync(w => w.PublishDueAsync());

        var audited = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == "publishing.published").Select(a => a.RecordId).ToListAsync());

        Assert.Contains(now.ToString(), audited);
        Assert.Contains(later.ToString(), audited);
    }

    [Fact]
    public void The_narrower_permissions_are_declared_and_publishers_keep_everything()
    {
        var permissions = new Permissions();

        Assert.Contains(permissions.All, p => p.Name == Permissions.Edit);
        Assert.Contains(permissions.All, p => p.Name == Permissions.Review);
        Assert.Equal([Permissions.Publish], permissions.DefaultRoles[Roles.Publisher]);
        Assert.True(new Actor("x", "x", new HashSet<string> { Permissions.Publish }) is { MayEdit: true, MayReview: true, MayPublish: true });
    }
}
