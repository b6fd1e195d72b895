using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Accreditation.IntegrationTests.Security;

/// <summary>
/// The site as deployed: Production environment, reached over https by its public host name, with the
/// data-protection certificate production requires (a self-signed one made for the test).
/// </summary>
public class ProductionSite : PlatformFactory
{
    /// <summary>The certificate's password.</summary>
    public const string CertificatePassword = "test certificate password";

    /// <summary>Makes the certificate in the site's data folder.</summary>
    public ProductionSite()
    {
        Directory.CreateDirectory(AppDataPath);
        CertificatePath = Path.Combine(AppDataPath, "data-protection.pfx");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=accreditation-test-data-protection", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1)); // valid at the site's fixed test clock too
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        ClientOptions.BaseAddress = new Uri("https://accreditation.example.gov.uk/");
    }

    /// <summary>Where the certificate is.</summary>
    public string CertificatePath { get; }

    /// <summary>The site's configured address (Site:BaseUrl), or null for none.</summary>
    protected virtual string? BaseUrl => "https://accreditation.example.gov.uk";

    /// <inheritdoc />
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["DataProtection:CertificatePath"] = CertificatePath,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
        // Production also signs and encrypts OpenID Connect tokens with certificates; the test reuses this one.
        ["OpenIddict:SigningCertificatePath"] = CertificatePath,
        ["OpenIddict:SigningCertificatePassword"] = CertificatePassword,
        ["OpenIddict:EncryptionCertificatePath"] = CertificatePath,
        ["OpenIddict:EncryptionCertificatePassword"] = CertificatePassword,
        ["Site:BaseUrl"] = BaseUrl,
    };

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }

    /// <summary>A browser-like client on the public https address.</summary>
    public HttpClient CreateHttpsClient() =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = ClientOptions.BaseAddress,
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
}
