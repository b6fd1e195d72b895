using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Identity.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Recipes;

/// <summary>
/// The "users" step: creates people with roles and their organisation (demo data); existing people are left as they
/// are. The organisation is named by its code ("organisation": "E08000035"), added by an earlier organisations step.
/// People a demo recipe creates must change their password at their first sign-in.
/// </summary>
public sealed class UsersStep(UserManager<PlatformUser> users, TimeProvider clock) : RecipeStep<UsersStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<UserData> Users);

    /// <summary>One person; the organisation by its ONS code or short code, or by id.</summary>
    public sealed record UserData(string Email, string DisplayName, string Password, IReadOnlyList<string> Roles, Guid? OrganisationId = null, string? Organisation = null);

    /// <inheritdoc />
    public override string Name => "users";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < data.Users.Count; i++)
        {
            var user = data.Users[i];
            if (!user.Email.Contains('@', StringComparison.Ordinal))
            {
                errors.Add($"$.users[{i}].email", "Enter an email address in the correct format.");
            }

            if (user.OrganisationId is not null && user.Organisation is not null)
            {
                errors.Add($"$.users[{i}].organisation", "Name the organisation by its code or by its id, not both.");
            }

            for (var j = 0; j < user.Roles.Count; j++)
            {
                if (!Roles.All.Contains(user.Roles[j]))
                {
                    errors.Add($"$.users[{i}].roles[{j}]", $"Unknown role '{user.Roles[j]}'.");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        for (var i = 0; i < data.Users.Count; i++)
        {
            var item = data.Users[i];
            if (await users.FindByEmailAsync(item.Email) is not null)
            {
                continue;
            }

            var organisationId = item.OrganisationId;
            if (item.Organisation is { } code)
            {
                var normalised = OrganisationRules.NormaliseCode(code);
                organisationId = await context.Db.Set<Organisation>().Where(o => o.Code == normalised).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct)
                    ?? throw new RecipeStepException($"$.users[{i}].organisation", $"There is no organisation with the code '{code}'. Add it with an organisations step before this one.");
            }

            var user = new PlatformUser
            {
                UserName = item.Email,
                Email = item.Email,
                EmailConfirmed = true,
                DisplayName = item.DisplayName,
                OrganisationId = organisationId,
                CreatedAt = clock.GetUtcNow(),
                // Demo people share a password everyone who read the recipe knows: each chooses their own at first sign-in.
                MustChangePassword = context.IsDemo,
            };
            var created = await users.CreateAsync(user, item.Password);
            if (!created.Succeeded)
            {
                throw new RecipeStepException($"$.users[{i}]", string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            var added = await users.AddToRolesAsync(user, item.Roles);
            if (!added.Succeeded)
            {
                throw new RecipeStepException($"$.users[{i}].roles", string.Join(" ", added.Errors.Select(e => e.Description)));
            }
        }
    }
}
