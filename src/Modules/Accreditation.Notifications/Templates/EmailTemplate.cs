using Accreditation.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Notifications.Templates;

/// <summary>An admin's version of a shipped email template; without one, the shipped default is used.</summary>
public sealed class EmailTemplate : IVersioned
{
    /// <summary>The template's name, e.g. "test-email".</summary>
    public required string Name { get; set; }

    /// <summary>Liquid source of the subject.</summary>
    public required string Subject { get; set; }

    /// <summary>Liquid source of the plain-text part.</summary>
    public required string TextBody { get; set; }

    /// <summary>Liquid source of the HTML part (model values are HTML-encoded).</summary>
    public required string HtmlBody { get; set; }

    /// <summary>When it was last saved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who last saved it.</summary>
    public string? UpdatedBy { get; set; }

    /// <inheritdoc />
    public uint Version { get; set; }

    /// <summary>Adds the templates table to the shared model.</summary>
    public static void Configure(ModelBuilder builder) =>
        builder.Entity<EmailTemplate>(e =>
        {
            e.ToTable("EmailTemplates");
            e.HasKey(t => t.Name);
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Subject).HasMaxLength(2000);
            e.Property(t => t.UpdatedBy).HasMaxLength(256);
        });
}
