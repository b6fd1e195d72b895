using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Client;
using OpenIddict.Server;

namespace Accreditation.Identity.OpenIdConnect;

/// <summary>
/// The keys that sign and encrypt tokens (the server's, and the federation client's state tokens). Outside
/// Development and Testing they come from the certificates at OpenIddict:SigningCertificatePath and
/// OpenIddict:EncryptionCertificatePath (PKCS#12, passwords in ...CertificatePassword), the same on every web node;
/// start-up fails without them. Development and Testing use keys made at start-up, which die with the process.
/// </summary>
public sealed class SigningKeys(IConfiguration configuration, IHostEnvironment environment) :
    IConfigureOptions<OpenIddictServerOptions>, IConfigureOptions<OpenIddictClientOptions>
{
    private readonly Lazy<(SigningCredentials Signing, EncryptingCredentials Encrypting)> keys = new(() => Load(configuration, environment));

    /// <inheritdoc />
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.Add(keys.Value.Signing);
        options.EncryptionCredentials.Add(keys.Value.Encrypting);
    }

    /// <inheritdoc />
    public void Configure(OpenIddictClientOptions options)
    {
        options.SigningCredentials.Add(keys.Value.Signing);
        options.EncryptionCredentials.Add(keys.Value.Encrypting);
    }

    private static (SigningCredentials, EncryptingCredentials) Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var signingPath = configuration["OpenIddict:SigningCertificatePath"];
        var encryptionPath = configuration["OpenIddict:EncryptionCertificatePath"];
        if (string.IsNullOrWhiteSpace(signingPath) || string.IsNullOrWhiteSpace(encryptionPath))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
            {
                throw new InvalidOperationException(
                    "OpenIddict:SigningCertificatePath and OpenIddict:EncryptionCertificatePath are not set. Outside Development " +
                    "the tokens this site issues are signed and encrypted with certificates shared by every web node. Create two, e.g. " +
                    "'openssl req -x509 -newkey rsa:3072 -nodes -days 730 -subj /CN=accreditation-signing -addext keyUsage=digitalSignature " +
                    "-keyout key.pem -out cert.pem && openssl pkcs12 -export -inkey key.pem -in cert.pem -out signing.pfx' (and the same " +
                    "with keyUsage=keyEncipherment for encryption.pfx), and set the paths and OpenIddict:SigningCertificatePassword / " +
                    "OpenIddict:EncryptionCertificatePassword.");
            }

            // Development and Testing only: keys of this process, so nothing secret lives in a file or a store.
            var signingKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "dev-signing-" + Guid.NewGuid().ToString("N")[..8] };
            var encryptionKey = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "dev-encryption-" + Guid.NewGuid().ToString("N")[..8] };
            return (new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
                new EncryptingCredentials(encryptionKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }

        var signing = LoadCertificate(signingPath, configuration["OpenIddict:SigningCertificatePassword"], environment);
        var encryption = LoadCertificate(encryptionPath, configuration["OpenIddict:EncryptionCertificatePassword"], environment);
        return (new SigningCredentials(new X509SecurityKey(signing), SecurityAlgorithms.RsaSha256),
            new EncryptingCredentials(new X509SecurityKey(encryption), SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }

    private static X509Certificate2 LoadCertificate(string path, string? password, IHostEnvironment environment)
    {
        var file = Path.GetFullPath(path, environment.ContentRootPath);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"The OpenIddict certificate {file} does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The OpenIddict certificate {file} has no private key.");
        }

        return certificate;
    }
}
