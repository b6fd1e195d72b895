using System.Security.Cryptography;
using Accreditation.Core.Auditing;
using Accreditation.Core.Identity;
using Accreditation.Core.Modules;
using Accreditation.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace Accreditation.Identity.Setup;

/// <summary>
/// When no PlatformAdmin exists, creates the first one from Setup:AdminEmail and Setup:AdminPassword, or with a
/// generated one-time password printed once to the console (the admin must change it at first sign-in).
/// </summary>
public sealed class FirstAdminTask(UserManager<PlatformUser> users, IConfiguration configuration, IAuditTrail audit, TimeProvider clock) : IStartupTask
{
    /// <inheritdoc />
    public int Order => 100;

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        if ((await users.GetUsersInRoleAsync(Roles.PlatformAdmin)).Count > 0)
        {
            return;
        }

        var email = configuration["Setup:AdminEmail"] is { Length: > 0 } configured ? configured : "admin@localhost";
        var password = configuration["Setup:AdminPassword"];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Generate();
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PlatformUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = "Platform admin",
                MustChangePassword = generated,
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"The first admin could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }

        var added = await users.AddToRoleAsync(user, Roles.PlatformAdmin);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException($"The first admin could not be given the PlatformAdmin role: {string.Join(" ", added.Errors.Select(e => e.Description))}");
        }

        await audit.RecordAsync("user.first-admin-created", "User", user.Id, generated ? "generated one-time password" : "password from configuration", ct);
        if (generated)
        {
            // Printed once, to the console only (not the logs): the password is never stored in clear.
            Console.WriteLine($"First admin created: {email} with one-time password {password} (you will be asked to change it).");
        }
    }

    private static string Generate()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
