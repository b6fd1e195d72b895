using Microsoft.EntityFrameworkCore;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Testing;

/// <summary>Creates people directly in a test site's database.</summary>
public static class People
{
    /// <summary>A password every test person can use: long enough and on no common list.</summary>
    public const string Password = "otter lantern quietly 7";

    /// <summary>
    /// Creates a person with the given roles and returns their user id. Everyone must have a second factor, so the person
    /// has an authenticator key and two-factor authentication on, as after setting it up (unless
    /// <paramref name="twoFactor"/> is false); <see cref="Pages.SignInAsync"/> gives the code.
    /// </summary>
    public static Task<string> CreatePersonAsync(this PlatformFactory site, string email, IReadOnlyList<string>? roles = null, Action<PlatformUser>? configure = null, string password = Password, bool twoFactor = true) =>
        site.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
            configure?.Invoke(user);
            await EnsureOrganisationAsync(sp, user.OrganisationId);
            Check(await users.CreateAsync(user, password), email);
            if (roles is { Count: > 0 })
            {
                Check(await users.AddToRolesAsync(user, roles), email);
            }

            if (twoFactor)
            {
                await TwoFactor.EnableAsync(site, users, user);
            }

            return user.Id;
        });

    /// <summary>People belong to a real organisation (a foreign key): makes one for an id a test invents.</summary>
    public static async Task EnsureOrganisationAsync(IServiceProvider services, Guid? organisationId)
    {
        if (organisationId is not { } id)
        {
            return;
        }

        var db = services.GetRequiredService<Accreditation.Core.Data.AccreditationDbContext>();
        if (!await db.Set<Accreditation.Identity.Organisations.Organisation>().AnyAsync(o => o.Id == id))
        {
            db.Add(new Accreditation.Identity.Organisations.Organisation
            {
                Id = id,
                Name = "Test organisation " + id.ToString("N"),
                Code = "T" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(id.ToByteArray()))[..10],
                Kind = OrganisationKind.Other,
            });
            await db.SaveChangesAsync();
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Test person {email} could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
