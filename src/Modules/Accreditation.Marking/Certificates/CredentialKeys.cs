using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accreditation.Core.Data;
using Accreditation.Core.Time;
using Accreditation.Marking.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Accreditation.Marking.Certificates;

/// <summary>The platform's credential-signing key (ECDSA P-256, ES256) and its key id.</summary>
public sealed record SigningKey(string KeyId, ECDsa Key);

/// <summary>
/// The key that signs Open Badges credentials and the revocation status list. Outside Development and Testing it comes
/// from Marking:Credentials:SigningKeyPath: a PEM file with an EC P-256 private key, or a PKCS#12 file with its password
/// in Marking:Credentials:SigningKeyPassword, the same on every web node. Development and Testing make one on first use
/// and keep it in the database, protected with the site's data-protection keys, so credentials verify across restarts.
/// </summary>
public sealed class CredentialKeys(IConfiguration configuration, IHostEnvironment environment, IServiceScopeFactory scopes) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SigningKey? key;

    /// <summary>The signing key (loaded once).</summary>
    public async Task<SigningKey> GetAsync(CancellationToken ct = default)
    {
        if (key is { } loaded)
        {
            return loaded;
        }

        await gate.WaitAsync(ct);
        try
        {
            return key ??= await LoadAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        gate.Dispose();
        key?.Key.Dispose();
    }

    /// <summary>The public key as a JSON Web Key Set.</summary>
    public async Task<object> JwksAsync(CancellationToken ct = default)
    {
        var signing = await GetAsync(ct);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(signing.Key) { KeyId = signing.KeyId });

        // Only the public members a verifier needs (the library's key type also carries empty lists of every other member).
        return new
        {
            keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, use = "sig", alg = SecurityAlgorithms.EcdsaSha256, kid = jwk.Kid } },
        };
    }

    private async Task<SigningKey> LoadAsync(CancellationToken ct)
    {
        var path = configuration["Marking:Credentials:SigningKeyPath"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            var file = Path.GetFullPath(path, environment.ContentRootPath);
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"The credential signing key {file} (Marking:Credentials:SigningKeyPath) does not exist.");
            }

            ECDsa ecdsa;
            if (file.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".key", StringComparison.OrdinalIgnoreCase))
            {
                ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(await File.ReadAllTextAsync(file, ct));
            }
            else
            {
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, configuration["Marking:Credentials:SigningKeyPassword"]);
                ecdsa = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"The credential signing certificate {file} has no EC private key.");
            }

            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException($"The credential signing key {file} must be an EC P-256 key (ES256).");
            }

            return new SigningKey(KeyIdOf(ecdsa), ecdsa);
        }

        if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
        {
            throw new InvalidOperationException(
                "Marking:Credentials:SigningKeyPath is not set. Outside Development the Open Badges credentials this site issues are signed " +
                "with a key shared by every web node. Create one, e.g. 'openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 " +
                "-nocrypt -out credential-signing.pem', and set the path.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Accreditation.Marking.CredentialSigningKey");
        var stored = await db.Set<CredentialSigningKey>().AsNoTracking().OrderBy(k => k.CreatedAt).FirstOrDefaultAsync(ct);
        if (stored is not null)
        {
            var existing = ECDsa.Create();
            existing.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(stored.ProtectedKey)), out _);
            return new SigningKey(stored.KeyId, existing);
        }

        var made = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = KeyIdOf(made);
        db.Add(new CredentialSigningKey
        {
            Id = scope.ServiceProvider.GetRequiredService<IIdSource>().NewId(),
            KeyId = keyId,
            ProtectedKey = protector.Protect(Convert.ToBase64String(made.ExportPkcs8PrivateKey())),
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node made one first: use the oldest.
            return await LoadAsync(ct);
        }

        return new SigningKey(keyId, made);
    }

    private static string KeyIdOf(ECDsa ecdsa) => Base64Url.EncodeToString(SHA256.HashData(ecdsa.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>Signs a JWS (compact, ES256) over a JSON payload, the header naming the key and <paramref name="type"/>.</summary>
    public async Task<string> SignAsync(string payloadJson, string type, CancellationToken ct = default)
    {
        var signing = await GetAsync(ct);
        var credentials = new SigningCredentials(new ECDsaSecurityKey(signing.Key) { KeyId = signing.KeyId }, SecurityAlgorithms.EcdsaSha256);
        return Tokens.CreateToken(payloadJson, credentials, new Dictionary<string, object> { [JwtHeaderParameterNames.Typ] = type });
    }

    // The payload is the credential as issued: no times added beyond those it carries.
    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };
}
