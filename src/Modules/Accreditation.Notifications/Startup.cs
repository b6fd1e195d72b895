using Accreditation.Core.Modules;
using Accreditation.Core.Navigation;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Accreditation.Notifications.Sending;
using Accreditation.Notifications.Templates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Notifications;

/// <summary>Registers the outbox, the templates, the background dispatcher and the admin email pages.</summary>
public sealed class Startup : ModuleStartup
{
    /// <summary>The template the admin "send a test email" page uses.</summary>
    public const string TestEmailTemplate = "test-email";

    /// <inheritdoc />
    public override ModuleManifest Manifest => Notifications.Manifest.Value;

    /// <inheritdoc />
    public override void ConfigureServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddScoped<EmailTemplates>();
        services.AddScoped<EmailDispatcher>();
        services.AddSingleton(ShippedEmailTemplate.FromResources(typeof(Startup).Assembly, TestEmailTemplate,
            "Sent from the admin email page to check that email reaches people."));
        services.AddScoped<IStartupTask, EmailSettingsCheck>();

        module.AddPermissions(new Permissions());
        module.AddAdminMenu(new AdminMenuItem("Email", "/Admin/Email/Index", Permissions.ManageEmail, 800));
        module.AddBackgroundTask<EmailDispatchTask>();
        module.AddPersonalData<Privacy.EmailPersonalData>();
        module.AddRetention<Privacy.EmailRetention>(Privacy.EmailRetention.SentEmailBodies);
        module.AddRetention<Privacy.EmailRetention>(Privacy.EmailRetention.SentEmails);
        module.AddRetention<Privacy.EmailRetention>(Privacy.EmailRetention.DeadLetters);
    }

    /// <inheritdoc />
    public override void ConfigureModel(ModelBuilder modelBuilder)
    {
        OutboxEmail.Configure(modelBuilder);
        EmailTemplate.Configure(modelBuilder);
    }
}
