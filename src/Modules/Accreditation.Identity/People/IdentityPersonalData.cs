using Accreditation.Core.Data;
using Accreditation.Core.Identity;
using Accreditation.Core.Privacy;
using Accreditation.Core.Security;
using Accreditation.Identity.Federation;
using Accreditation.Identity.Invitations;
using Accreditation.Identity.Organisations;
using Accreditation.Identity.SignInSecurity;
using Accreditation.Identity.TwoFactor;
using Accreditation.Notifications.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Accreditation.Identity.People;

/// <summary>
/// The account itself: name, email address, password hash, two-factor settings, roles, sign-in grants to client
/// applications and invitations. Erasure deletes the account last; while any other module holds records of the person
/// (marking or an appeal in progress) the account stays, switched off, so those records still have their person.
/// </summary>
public sealed class IdentityPersonalData(AccreditationDbContext db, UserManager<PlatformUser> users) : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .Entity<PlatformUser>(ErasureTreatment.Deleted, "The account: name, email address, password hash, two-factor key and phone number",
            u => u.Id, u => u.UserName, u => u.NormalizedUserName, u => u.Email, u => u.NormalizedEmail, u => u.DisplayName, u => u.PasswordHash, u => u.PhoneNumber)
        .Entity<IdentityUserClaim<string>>(ErasureTreatment.Deleted, "Claims on the account", c => c.UserId, c => c.ClaimValue)
        .Entity<IdentityUserLogin<string>>(ErasureTreatment.Deleted, "Sign-in through the person's own organisation", l => l.UserId, l => l.ProviderKey, l => l.ProviderDisplayName)
        .Entity<IdentityUserToken<string>>(ErasureTreatment.Deleted, "The authenticator key and recovery codes", t => t.UserId, t => t.Value)
        .Entity<IdentityUserPasskey<string>>(ErasureTreatment.Deleted, "Passkeys the person registered", p => p.UserId)
        .Entity<IdentityPasskeyData>(ErasureTreatment.Deleted, "A passkey's name, public key and when it was made", d => d.Name)
        .Entity<AuthenticatorCodeUse>(ErasureTreatment.Deleted, "The time step of the last authenticator code used (so none is used twice)", u => u.UserId)
        .NoPersonalData<SignInFailureWindow>("Counts of failed sign-ins per client address for two 15-minute windows, linked to no account and deleted as the windows pass")
        .Entity<IdentityUserRole<string>>(ErasureTreatment.Deleted, "The person's roles", r => r.UserId)
        .NoPersonalData<PlatformRole>("The roles people can hold")
        .NoPersonalData<IdentityRoleClaim<string>>("The permissions of each role")
        .NoPersonalData<OpenIddictEntityFrameworkCoreApplication>("Client applications (local-authority systems)")
        .Entity<OpenIddictEntityFrameworkCoreAuthorization>(ErasureTreatment.Deleted, "What the person allowed a client application to do", a => a.Subject, a => a.Properties)
        .NoPersonalData<OpenIddictEntityFrameworkCoreScope>("The scopes client applications can ask for")
        .Entity<OpenIddictEntityFrameworkCoreToken>(ErasureTreatment.Deleted, "Tokens issued to client applications for the person", t => t.Subject, t => t.Payload, t => t.Properties)
        .NoPersonalData<Organisation>("Local authorities and other organisations")
        .NoPersonalData<OrganisationSignInProvider>("An organisation's own sign-in service")
        .Entity<Invitation>(ErasureTreatment.Deleted, "Invitations to join: the invitee's email address, who invited them and the account made",
            i => i.Email, i => i.InvitedByUserId, i => i.AcceptedUserId);

    /// <inheritdoc />
    public async Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct)
    {
        var person = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == subject.UserId, ct);
        if (person is null)
        {
            return;
        }

        var organisation = person.OrganisationId is { } o ? await db.Set<Organisation>().Where(x => x.Id == o).Select(x => x.Name).SingleOrDefaultAsync(ct) : null;
        export.Add("account", new
        {
            Name = person.DisplayName,
            EmailAddress = person.Email,
            Organisation = organisation,
            Roles = await users.GetRolesAsync(person),
            AccountCreated = person.CreatedAt,
            TwoFactorAuthentication = person.TwoFactorEnabled ? "On" : "Off",
            Active = person.IsActive,
            person.PhoneNumber,
        });
        export.Add("signInThroughYourOrganisation", await db.UserLogins.AsNoTracking().Where(l => l.UserId == subject.UserId)
            .Select(l => new { Provider = l.ProviderDisplayName ?? l.LoginProvider }).ToListAsync(ct));
        export.Add("applicationsYouAllowed", await (from a in db.Set<OpenIddictEntityFrameworkCoreAuthorization>().AsNoTracking()
                                                    where a.Subject == subject.UserId
                                                    select new { Application = a.Application!.DisplayName, a.Scopes, a.CreationDate, a.Status }).ToListAsync(ct));
        var email = person.Email ?? "";
        export.Add("invitations", await db.Set<Invitation>().AsNoTracking().Where(i => i.Email == email || i.AcceptedUserId == subject.UserId)
            .Select(i => new { i.Email, i.Roles, i.CreatedAt, i.ExpiresAt, Accepted = i.UsedAt }).ToListAsync(ct));
    }

    /// <inheritdoc />
    public async Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct)
    {
        if (await IsOnlyPlatformAdminAsync(subject.UserId, ct))
        {
            plan.Hold(ErasureHolds.OnlyPlatformAdmin, "the account", "This is the only active platform admin: give another person that role first");
        }

        var keepAccount = plan.HasHolds;
        if (keepAccount)
        {
            plan.Keep("the account", 1, "Held while the records above are held: it is switched off and signed out now, and erased when they are released");
        }
        else
        {
            plan.Delete("the account (name, email address, password, two-factor settings and roles)", await db.Users.CountAsync(u => u.Id == subject.UserId, ct));
        }

        plan.Delete("sign-in grants to client applications", await Authorizations(subject.UserId).CountAsync(ct) + await Tokens(subject.UserId).CountAsync(ct));
        plan.Delete("invitations sent to the person", await InvitationsTo(subject).CountAsync(ct));
        plan.Anonymise("invitations the person sent", await db.Set<Invitation>().CountAsync(i => i.InvitedByUserId == subject.UserId, ct),
            "Kept as the record of how others joined; who sent them becomes a pseudonym");
    }

    /// <inheritdoc />
    public async Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct)
    {
        run.Record("Sign-in grants deleted", await Tokens(subject.UserId).ExecuteDeleteAsync(ct) + await Authorizations(subject.UserId).ExecuteDeleteAsync(ct));
        run.Record("Invitations the person sent pseudonymised", await db.Set<Invitation>().Where(i => i.InvitedByUserId == subject.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.InvitedByUserId, subject.Pseudonym), ct));
        var person = await db.Users.SingleOrDefaultAsync(u => u.Id == subject.UserId, ct);
        if (person is null)
        {
            return;
        }

        if (run.Plan.HasHolds)
        {
            // Held: nobody can sign in as the person, and every session ends at its next check.
            person.IsActive = false;
            person.SecurityStamp = Guid.NewGuid().ToString("N");
            run.Record("Account switched off until the held records are released", 1);
            return;
        }

        run.Record("Invitations sent to the person deleted", await InvitationsTo(subject).ExecuteDeleteAsync(ct));
        db.Users.Remove(person);
        run.Record("Account deleted", 1);
    }

    private IQueryable<OpenIddictEntityFrameworkCoreAuthorization> Authorizations(string userId) =>
        db.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject == userId);

    private IQueryable<OpenIddictEntityFrameworkCoreToken> Tokens(string userId) =>
        db.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject == userId);

    private IQueryable<Invitation> InvitationsTo(DataSubject subject)
    {
        var email = subject.Email ?? "\u0000";
        return db.Set<Invitation>().Where(i => i.Email == email || i.AcceptedUserId == subject.UserId);
    }

    private async Task<bool> IsOnlyPlatformAdminAsync(string userId, CancellationToken ct)
    {
        var admins = await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            join user in db.Users on userRole.UserId equals user.Id
                            where role.Name == Roles.PlatformAdmin && user.IsActive
                            select user.Id).ToListAsync(ct);
        return admins.Count == 1 && admins[0] == userId;
    }
}

/// <summary>Removes invitations (the invitee's email address) once they have expired or been used and their period has run.</summary>
public sealed class InvitationRetention(AccreditationDbContext db) : IRetentionRule
{
    /// <summary>The kind.</summary>
    public static readonly RetentionKind Kind = new("Invitations", "Invitations to join (the invitee's email address)", "after the link expires", "Deleted", "90 days");

    /// <inheritdoc />
    public async Task<int> ApplyAsync(RetentionKind kind, DateTimeOffset cutoff, CancellationToken ct) =>
        await db.Set<Invitation>().Where(i => i.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
}
