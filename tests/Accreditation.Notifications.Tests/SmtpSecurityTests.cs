using Accreditation.Core.Data;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications.Sending;
using Accreditation.Testing;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Notifications.Tests;

/// <summary>TLS as configured: no silent fall-back to plain text, no invalid certificate outside Development.</summary>
public sealed class SmtpSecurityTests(MaildevSite site) : IClassFixture<MaildevSite>
{
    [Fact]
    public async Task StartTls_against_a_server_that_does_not_offer_it_sends_nothing_in_plain_text()
    {
        await using var stub = new SmtpStub(StubBehaviour.Accept);
        site.UseSmtpPort(stub.Port, security: "StartTls");
        var queued = await site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress("starttls")));

        var round = await site.DispatchAsync();

        Assert.Equal(0, round.Sent);
        Assert.DoesNotContain(stub.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal) || c.StartsWith("RCPT", StringComparison.Ordinal));
        Assert.Empty(stub.Messages);
        var row = await site.OutboxAsync(queued.Id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("STARTTLS", row.LastError, StringComparison.OrdinalIgnoreCase);
        await Settle(queued.Id);
    }

    [Fact]
    public async Task A_self_signed_certificate_is_refused_outside_development_even_when_invalid_certificates_are_allowed()
    {
        await using var stub = new SmtpStub(StubBehaviour.Accept, tls: true);
        site.UseSmtpPort(stub.Port, security: "SslOnConnect");
        site.Set("Email:Smtp:AllowInvalidCertificates", "true");
        try
        {
            var queued = await site.QueueAsync(EmailSiteExtensions.Plain(EmailSiteExtensions.NewAddress("tls")));

            var round = await site.DispatchAsync();

            Assert.Equal(0, round.Sent);
            Assert.True(stub.Connections >= 1);
            Assert.Empty(stub.Commands); // the handshake failed: not one SMTP command crossed
            var row = await site.OutboxAsync(queued.Id);
            Assert.Equal(OutboxStatus.Failed, row.Status);
            Assert.Contains("certificate", row.LastError, StringComparison.OrdinalIgnoreCase);
            await Settle(queued.Id);
        }
        finally
        {
            site.Set("Email:Smtp:AllowInvalidCertificates", null);
        }
    }

    [Theory]
    [InlineData("Development", true, true)]
    [InlineData("Production", true, false)]
    [InlineData("Testing", true, false)]
    [InlineData("Development", false, false)]
    public void Invalid_certificates_are_accepted_only_when_allowed_and_in_development(string environment, bool allowed, bool accepted)
    {
        var settings = Read(environment, new() { ["Email:Smtp:Host"] = "smtp.example.gov.uk", ["Email:Smtp:AllowInvalidCertificates"] = allowed ? "true" : "false" });

        Assert.Equal(accepted, settings.AcceptInvalidCertificates);
        Assert.Equal(allowed && !accepted, settings.InvalidCertificatesRefusedOutsideDevelopment);
    }

    [Theory]
    [InlineData("StartTls", SecureSocketOptions.StartTls, 587)]
    [InlineData(null, SecureSocketOptions.StartTls, 587)]
    [InlineData("SslOnConnect", SecureSocketOptions.SslOnConnect, 465)]
    [InlineData("None", SecureSocketOptions.None, 25)]
    public void Security_maps_to_a_socket_option_that_never_falls_back_to_plain_text(string? security, SecureSocketOptions expected, int defaultPort)
    {
        var settings = Read("Production", new() { ["Email:Smtp:Host"] = "smtp.example.gov.uk", ["Email:Smtp:Security"] = security });

        Assert.Equal(expected, settings.SocketOptions);
        Assert.Equal(defaultPort, settings.SmtpPort);
        Assert.NotEqual(SecureSocketOptions.StartTlsWhenAvailable, settings.SocketOptions);
        Assert.NotEqual(SecureSocketOptions.Auto, settings.SocketOptions);
    }

    [Theory]
    [InlineData("Email:Smtp:Security", "Tls", "Email:Smtp:Security")]
    [InlineData("Email:Smtp:Port", "seventy", "Email:Smtp:Port")]
    [InlineData("Email:From", "not an address", "Email:From")]
    [InlineData("Email:Dispatch:MaxAttempts", "0", "Email:Dispatch:MaxAttempts")]
    public void A_setting_that_cannot_work_is_refused_naming_the_setting(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read("Production", new() { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_the_cap()
    {
        var settings = Read("Production", new() { ["Email:Dispatch:RetryDelaySeconds"] = "120", ["Email:Dispatch:MaxRetryDelaySeconds"] = "3600" });

        Assert.Equal(TimeSpan.FromMinutes(2), settings.DelayAfter(1));
        Assert.Equal(TimeSpan.FromMinutes(4), settings.DelayAfter(2));
        Assert.Equal(TimeSpan.FromMinutes(32), settings.DelayAfter(5));
        Assert.Equal(TimeSpan.FromHours(1), settings.DelayAfter(6));
        Assert.Equal(TimeSpan.FromHours(1), settings.DelayAfter(40));
        Assert.Equal(8, Read("Production", []).MaxAttempts);
    }

    /// <summary>Leaves the message sent (to maildev) so later tests of the class find a clean outbox.</summary>
    private async Task Settle(Guid id)
    {
        site.UseSmtpPort(Maildev.Instance.SmtpPort);
        site.Clock.Advance(TimeSpan.FromHours(1));
        await site.DispatchAsync();
        Assert.Equal(OutboxStatus.Sent, (await site.OutboxAsync(id)).Status);
    }

    private static EmailSettings Read(string environment, Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return EmailSettings.Read(configuration, new DatabaseSettings("Sqlite", "Data Source=:memory:", Path.GetTempPath()), new Environment(environment));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Accreditation.Web";

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
