using Accreditation.Core.Identity;
using Accreditation.Publishing.Workflow;

namespace Accreditation.Publishing.Subscriptions;

/// <summary>A person who can receive email: their address, name and what they may read.</summary>
public sealed record Recipient(string UserId, string Email, string Name, Reader Reader);

/// <summary>Finds active people with a confirmed address, with their roles and organisation, to decide who an email may reach.</summary>
public sealed class Readers(IPeopleDirectory people)
{
    /// <summary>Every active person with a confirmed email address, optionally only the listed ones.</summary>
    public async Task<IReadOnlyList<Recipient>> ListAsync(IReadOnlyCollection<string>? userIds = null, CancellationToken ct = default) =>
        (await people.ReachableAsync(userIds, ct))
            .Select(r => new Recipient(r.Person.Id, r.Person.Email, r.Person.Name, new Reader(true, r.Roles, r.Person.OrganisationId)))
            .ToList();
}
