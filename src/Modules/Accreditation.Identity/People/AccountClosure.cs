using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.People;

/// <summary>Closes a person's own account for <see cref="IAccountClosure"/>: deactivation as an admin does it, then sign-out.</summary>
public sealed class AccountClosure(UserManager<PlatformUser> users, SignInManager<PlatformUser> signIn, PeopleAdministration administration) : IAccountClosure
{
    /// <inheritdoc />
    public async Task CloseAsync(string personId, CancellationToken ct = default)
    {
        if (await users.FindByIdAsync(personId) is { } person)
        {
            await administration.DeactivateAsync(person, person.ConcurrencyStamp, ct);
        }

        await signIn.SignOutAsync();
    }
}
