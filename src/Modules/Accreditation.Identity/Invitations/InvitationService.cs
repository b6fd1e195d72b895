using System.Security.Cryptography;
using System.Text;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Accreditation.Core.Identity;
using Accreditation.Core.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Invitations;

/// <summary>Whether an invitation link can be used.</summary>
public enum InvitationState
{
    /// <summary>The link works.</summary>
    Open,

    /// <summary>No invitation has this link: mistyped, cut short or tampered with.</summary>
    Unknown,

    /// <summary>The link was used already.</summary>
    Used,

    /// <summary>The link is past its 72 hours.</summary>
    Expired,
}

/// <summary>The outcome of accepting an invitation: the new account, or what was wrong (field to message).</summary>
public sealed record Acceptance(PlatformUser? Person, InvitationState State, IReadOnlyList<FormError> Errors)
{
    /// <summary>Whether the account was made.</summary>
    public bool Succeeded => Person is not null;
}

/// <summary>
/// Makes invitations and accepts them. A link carries a 256-bit random secret; only its SHA-256 is stored. A link
/// works once, for <see cref="Lifetime"/>, measured by the injected clock.
/// </summary>
public sealed class InvitationService(AccreditationDbContext db, UserManager<PlatformUser> users, IAuditTrail audit, TimeProvider clock, IIdSource ids)
{
    /// <summary>How long a link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(72);

    /// <summary>The path of the page that accepts an invitation.</summary>
    public const string AcceptPath = "/account/invitation";

    /// <summary>The field names acceptance errors are reported against.</summary>
    public const string DisplayNameField = "DisplayName", PasswordField = "Password", ConfirmPasswordField = "ConfirmPassword";

    /// <summary>Makes an invitation and saves it with its audit entry; returns it and the secret for its link.</summary>
    public async Task<(Invitation Invitation, string Token)> CreateAsync(string email, Guid organisationId, IReadOnlyList<string> roles, string invitedBy, CancellationToken ct)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Id = ids.NewId(),
            Email = email,
            TokenHash = Hash(token),
            OrganisationId = organisationId,
            Roles = string.Join(',', roles),
            InvitedByUserId = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Add(invitation);
        audit.Add("invitation.created", "Invitation", invitation.Id.ToString(), $"{email} as {string.Join(", ", roles)} in organisation {organisationId}");
        await db.SaveChangesAsync(ct);
        return (invitation, token);
    }

    /// <summary>The link's path and query for a secret.</summary>
    public static string LinkPath(string token) => $"{AcceptPath}?token={Uri.EscapeDataString(token)}";

    /// <summary>The invitation a link's secret opens and whether it can be used.</summary>
    public async Task<(InvitationState State, Invitation? Invitation)> FindAsync(string? token, CancellationToken ct)
    {
        // A secret is 43 base64url characters; anything else cannot be one, so it is not looked up.
        if (token is not { Length: 43 } || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return (InvitationState.Unknown, null);
        }

        var hash = Hash(token);
        var invitation = await db.Set<Invitation>().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return (InvitationState.Unknown, null);
        }

        if (invitation.UsedAt is not null)
        {
            return (InvitationState.Used, invitation);
        }

        return (clock.GetUtcNow() >= invitation.ExpiresAt ? InvitationState.Expired : InvitationState.Open, invitation);
    }

    /// <summary>
    /// Makes the invitee's account with their name and password (the password policy applies), the invitation's roles
    /// and organisation, and marks the invitation used, all in one transaction. A refused password leaves the link usable.
    /// </summary>
    public async Task<Acceptance> AcceptAsync(string? token, string? displayName, string? password, string? confirmPassword, CancellationToken ct)
    {
        var (state, invitation) = await FindAsync(token, ct);
        if (state != InvitationState.Open)
        {
            return new Acceptance(null, state, []);
        }

        var person = new PlatformUser
        {
            UserName = invitation!.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = displayName?.Trim() ?? "",
            OrganisationId = invitation.OrganisationId,
            CreatedAt = clock.GetUtcNow(),
        };
        var validation = await new InvitationAcceptanceValidator(users, person).ValidateAsync(new InvitationAcceptanceInput(displayName, password, confirmPassword), ct);
        if (!validation.IsValid)
        {
            return new Acceptance(null, state, validation.ToFormErrors());
        }

        if (await users.FindByEmailAsync(invitation.Email) is not null)
        {
            return new Acceptance(null, state, [new FormError(string.Empty, $"There is already an account for {invitation.Email}. Sign in with it instead, or reset its password.")]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        invitation.UsedAt = clock.GetUtcNow();
        invitation.AcceptedUserId = person.Id;
        audit.Add("invitation.accepted", "Invitation", invitation.Id.ToString(), $"{invitation.Email} as {invitation.Roles}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Accepted at the same moment in another tab or by another request.
            return new Acceptance(null, InvitationState.Used, []);
        }

        var created = await users.CreateAsync(person, password!);
        if (created.Succeeded && invitation.RoleList.Count > 0)
        {
            created = await users.AddToRolesAsync(person, invitation.RoleList);
        }

        if (!created.Succeeded)
        {
            return new Acceptance(null, state, created.Errors.Select(e => new FormError(e.Code.Contains("Password", StringComparison.Ordinal) ? PasswordField : string.Empty, e.Description)).ToList());
        }

        audit.Add("user.created", "User", person.Id, $"{person.Email} by invitation {invitation.Id}, as {invitation.Roles}");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Acceptance(person, state, []);
    }

    /// <summary>SHA-256 of a secret in lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
