using System.Reflection;
using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Accreditation.Identity.Passwords;

/// <summary>
/// Refuses passwords on a list of commonly used ones, and passwords that are one character repeated, following
/// NCSC and NIST guidance: length and a block list rather than composition rules.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PlatformUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <inheritdoc />
    public Task<IdentityResult> ValidateAsync(UserManager<PlatformUser> manager, PlatformUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var lowered = password.Trim().ToLowerInvariant();
        if (Common.Value.Contains(lowered) || lowered.Distinct().Count() <= 2 || IsRun(lowered))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "CommonPassword",
                Description = "This password is too common and easy to guess. Choose a different one, for example three random words.",
            }));
        }

        if (user.Email is { Length: > 0 } email && lowered.Contains(email.Split('@')[0].ToLowerInvariant(), StringComparison.Ordinal) && email.Split('@')[0].Length >= 4)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordContainsEmail",
                Description = "Your password must not contain your email address.",
            }));
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>Whether the password is one run of consecutive characters, like "123456789012" or "abcdefghijkl".</summary>
    private static bool IsRun(string password)
    {
        if (password.Length < 3)
        {
            return false;
        }

        var step = password[1] - password[0];
        if (Math.Abs(step) != 1)
        {
            return false;
        }

        for (var i = 2; i < password.Length; i++)
        {
            if (password[i] - password[i - 1] != step)
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }

        return set;
    }
}
