using System.Security.Cryptography.X509Certificates;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Accreditation.Web.Infrastructure;

/// <summary>
/// The data-protection key ring (sign-in cookies, antiforgery tokens): kept in the shared database under one
/// application name, so sign-ins survive restarts and every web node accepts every other node's cookies.
/// </summary>
public static class PlatformDataProtection
{
    /// <summary>The application name every node uses, whatever folder it runs from.</summary>
    public const string ApplicationName = "Accreditation";

    /// <summary>
    /// Persists keys to <see cref="AccreditationDbContext"/>. Keys are encrypted at rest with the certificate at
    /// DataProtection:CertificatePath (PKCS#12, password in DataProtection:CertificatePassword), which is required
    /// outside Development and Testing.
    /// </summary>
    public static WebApplicationBuilder AddPlatformDataProtection(this WebApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AccreditationDbContext>();

        var path = builder.Configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            var file = Path.GetFullPath(path, builder.Environment.ContentRootPath);
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath names {file}, which does not exist.");
            }

            var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, builder.Configuration["DataProtection:CertificatePassword"]);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"The data-protection certificate {file} has no private key, so keys encrypted with it could not be read back.");
            }

            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
        {
            // A local database needs no key encryption. Saying so explicitly, rather than leaving the encryptor unset,
            // keeps the framework from warning "No XML encryptor configured" on every new key (tests fail on warnings).
            builder.Services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new NullXmlEncryptor());
        }
        else
        {
            throw new InvalidOperationException(
                "DataProtection:CertificatePath is not set. Outside Development the data-protection keys (which sign " +
                "everyone's sign-in cookie) are kept in the database encrypted with a certificate. Create one, e.g. " +
                "'openssl req -x509 -newkey rsa:3072 -nodes -days 1095 -subj /CN=accreditation-data-protection " +
                "-keyout key.pem -out cert.pem && openssl pkcs12 -export -inkey key.pem -in cert.pem -out data-protection.pfx', " +
                "and set DataProtection:CertificatePath (and DataProtection:CertificatePassword) on every web node.");
        }

        return builder;
    }
}
