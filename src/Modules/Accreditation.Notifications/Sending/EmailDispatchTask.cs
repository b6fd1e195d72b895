using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accreditation.Notifications.Sending;

/// <summary>The background task that sends due outbox messages every Email:Dispatch:IntervalSeconds.</summary>
public sealed class EmailDispatchTask(IConfiguration configuration, DatabaseSettings database, IHostEnvironment environment) : IBackgroundTask
{
    /// <inheritdoc />
    public TimeSpan Interval
    {
        get
        {
            try
            {
                return Settings().Interval;
            }
            catch (InvalidOperationException)
            {
                // Settings changed to something unusable while running: RunAsync reports it; keep the loop alive.
                return TimeSpan.FromSeconds(10);
            }
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = Settings();
        if (!settings.DispatchEnabled)
        {
            return;
        }

        await services.GetRequiredService<EmailDispatcher>().DrainAsync(settings, ct);
    }

    private EmailSettings Settings() => EmailSettings.Read(configuration, database, environment);
}

/// <summary>Refuses to start with email settings that cannot work, and says when invalid certificates are being refused.</summary>
public sealed class EmailSettingsCheck(IConfiguration configuration, DatabaseSettings database, IHostEnvironment environment, ILogger<EmailSettingsCheck> logger) : IStartupTask
{
    /// <inheritdoc />
    public int Order => -100;

    /// <inheritdoc />
    public Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = EmailSettings.Read(configuration, database, environment);
        if (settings.InvalidCertificatesRefusedOutsideDevelopment)
        {
            logger.LogWarning(
                "Email:Smtp:AllowInvalidCertificates is ignored outside Development: the SMTP server's certificate must be valid.");
        }

        if (settings.UsesSmtp && settings.Security == SmtpSecurity.None && settings.UserName is not null)
        {
            logger.LogWarning(
                "Email:Smtp:UserName is set with Security None: the SMTP password would cross the network unencrypted.");
        }

        return Task.CompletedTask;
    }
}
