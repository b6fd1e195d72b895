using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Forms;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Identity.Federation;

/// <summary>What an admin says about an organisation's sign-in provider (a blank secret keeps the stored one).</summary>
public sealed record SignInProviderInput(
    Guid OrganisationId, string DisplayName, string Authority, string ClientId, string? ClientSecret, bool Enabled,
    bool TrustSecondFactor = false, string? TrustedAcrValues = null);

/// <summary>A provider shown on the sign-in page.</summary>
public sealed record SignInProviderButton(Guid OrganisationId, string DisplayName);

/// <summary>Reads and changes organisations' sign-in providers; the client secret is stored encrypted.</summary>
public sealed class SignInProviders(AccreditationDbContext db, IDataProtectionProvider protection, IAuditTrail audit, TimeProvider clock)
{
    /// <summary>The login provider name under which a person's account is linked to their identity at the provider.</summary>
    public static string LoginProviderOf(Guid organisationId) => "organisation:" + organisationId.ToString("D");

    /// <summary>The OpenIddict client registration id of an organisation's provider.</summary>
    public static string RegistrationIdOf(Guid organisationId) => "organisation-" + organisationId.ToString("D");

    /// <summary>The organisation of a registration id, or null when it is not one of ours.</summary>
    public static Guid? OrganisationOf(string? registrationId) =>
        registrationId is not null && registrationId.StartsWith("organisation-", StringComparison.Ordinal) &&
        Guid.TryParse(registrationId["organisation-".Length..], out var id) ? id : null;

    private IDataProtector Protector => protection.CreateProtector("Accreditation.Identity.Federation.ClientSecret");

    /// <summary>Every provider, by name.</summary>
    public async Task<IReadOnlyList<OrganisationSignInProvider>> ListAsync(CancellationToken ct = default) =>
        (await db.Set<OrganisationSignInProvider>().AsNoTracking().ToListAsync(ct)).OrderBy(p => p.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The buttons for the sign-in page.</summary>
    public async Task<IReadOnlyList<SignInProviderButton>> ButtonsAsync(CancellationToken ct = default) =>
        (await db.Set<OrganisationSignInProvider>().AsNoTracking().Where(p => p.Enabled)
            .Select(p => new SignInProviderButton(p.OrganisationId, p.DisplayName)).ToListAsync(ct))
        .OrderBy(b => b.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>One organisation's provider, or null.</summary>
    public Task<OrganisationSignInProvider?> FindAsync(Guid organisationId, CancellationToken ct = default) =>
        db.Set<OrganisationSignInProvider>().AsNoTracking().FirstOrDefaultAsync(p => p.OrganisationId == organisationId, ct);

    /// <summary>The stored client secret in clear, for the back-channel call to the provider.</summary>
    public string SecretOf(OrganisationSignInProvider provider) => Protector.Unprotect(provider.ProtectedClientSecret);

    /// <summary>Adds or changes an organisation's provider; returns problems keyed by field.</summary>
    public async Task<IReadOnlyList<FormError>> SaveAsync(SignInProviderInput input, uint? version, CancellationToken ct = default)
    {
        var existing = await db.Set<OrganisationSignInProvider>().FirstOrDefaultAsync(p => p.OrganisationId == input.OrganisationId, ct);
        var validation = new SignInProviderInputValidator(creating: existing is null).Validate(input);
        if (!validation.IsValid)
        {
            return validation.ToFormErrors();
        }

        if (existing is null)
        {
            db.Add(new OrganisationSignInProvider
            {
                OrganisationId = input.OrganisationId,
                DisplayName = input.DisplayName.Trim(),
                Authority = input.Authority.Trim(),
                ClientId = input.ClientId.Trim(),
                ProtectedClientSecret = Protector.Protect(input.ClientSecret!.Trim()),
                Enabled = input.Enabled,
                TrustSecondFactor = input.TrustSecondFactor,
                TrustedAcrValues = AcrValues(input.TrustedAcrValues),
                UpdatedAt = clock.GetUtcNow(),
            });
            audit.Add("sign-in-provider.created", "OrganisationSignInProvider", input.OrganisationId.ToString(), $"{input.DisplayName}; {input.Authority}; client {input.ClientId}");
        }
        else
        {
            if (version is { } v)
            {
                db.Entry(existing).Property(p => p.Version).OriginalValue = v;
            }

            existing.DisplayName = input.DisplayName.Trim();
            existing.Authority = input.Authority.Trim();
            existing.ClientId = input.ClientId.Trim();
            if (!string.IsNullOrWhiteSpace(input.ClientSecret))
            {
                existing.ProtectedClientSecret = Protector.Protect(input.ClientSecret.Trim());
            }

            existing.Enabled = input.Enabled;
            existing.TrustSecondFactor = input.TrustSecondFactor;
            existing.TrustedAcrValues = AcrValues(input.TrustedAcrValues);
            existing.UpdatedAt = clock.GetUtcNow();
            audit.Add("sign-in-provider.updated", "OrganisationSignInProvider", input.OrganisationId.ToString(),
                $"{input.DisplayName}; {input.Authority}; client {input.ClientId}; {(input.Enabled ? "enabled" : "disabled")}; second factor {(input.TrustSecondFactor ? "trusted" : "not trusted")}{(string.IsNullOrWhiteSpace(input.ClientSecret) ? "" : "; new secret")}");
        }

        await db.SaveChangesAsync(ct);
        return [];
    }

    private static string AcrValues(string? values) =>
        string.Join(' ', (values ?? "").Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal));

    /// <summary>Removes an organisation's provider (linked accounts keep their other ways to sign in).</summary>
    public async Task<bool> DeleteAsync(Guid organisationId, CancellationToken ct = default)
    {
        var existing = await db.Set<OrganisationSignInProvider>().FirstOrDefaultAsync(p => p.OrganisationId == organisationId, ct);
        if (existing is null)
        {
            return false;
        }

        db.Remove(existing);
        audit.Add("sign-in-provider.deleted", "OrganisationSignInProvider", organisationId.ToString(), existing.DisplayName);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
