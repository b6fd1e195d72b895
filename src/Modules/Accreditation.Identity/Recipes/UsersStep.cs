using Accreditation.Core.Identity;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.Recipes;

/// <summary>The "users" step: creates people with roles (demo data); existing people are left as they are.</summary>
public sealed class UsersStep(UserManager<PlatformUser> users, TimeProvider clock) : RecipeStep<UsersStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<UserData> Users);

    /// <summary>One person.</summary>
    public sealed record UserData(string Email, string DisplayName, string Password, IReadOnlyList<string> Roles, Guid? OrganisationId = null);

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

            var user = new PlatformUser
            {
                UserName = item.Email,
                Email = item.Email,
                EmailConfirmed = true,
                DisplayName = item.DisplayName,
                OrganisationId = item.OrganisationId,
                CreatedAt = clock.GetUtcNow(),
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
