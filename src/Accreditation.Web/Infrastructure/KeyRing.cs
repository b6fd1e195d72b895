using System.Security.Cryptography.X509Certificates;
using Accreditation.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Accreditation.Web.Infrastructure;

/// <summary>
/// Where the data-protection keys (they sign the sign-in and antiforgery cookies) are kept: with the site's data under
/// App_Data/keys rather than in the home folder of whoever runs the process, so they survive a container restart and
/// travel with a backup; encrypted at rest with a certificate when DataProtection:CertificatePath names one.
/// </summary>
public static class KeyRing
{
    /// <summary>Registers the key ring's folder, application name and, when configured, its certificate.</summary>
    public static WebApplicationBuilder AddKeyRing(this WebApplicationBuilder builder, DatabaseSettings database)
    {
        var configuration = builder.Configuration;
        var folder = configuration["DataProtection:KeysPath"] is { Length: > 0 } keysPath
            ? Path.GetFullPath(keysPath, builder.Environment.ContentRootPath)
            : Path.Combine(database.AppDataPath, "keys");
        var keys = builder.Services.AddDataProtection()
            .SetApplicationName("Accreditation")
            .PersistKeysToFileSystem(new DirectoryInfo(folder));

        // Without a certificate the keys are stored unencrypted and the framework warns so at each new key: say which
        // certificate to use in production (a PKCS#12 file from the deployment's secrets).
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(certificatePath, builder.Environment.ContentRootPath),
                configuration["DataProtection:CertificatePassword"]);
            keys.ProtectKeysWithCertificate(certificate);
        }

        return builder;
    }
}
