using System.Reflection;

namespace Accreditation.Notifications.Contracts;

/// <summary>
/// A template a module ships: its default Liquid sources and a sample model for previews. Register one per template
/// as a singleton; an admin's saved version, when there is one, takes its place.
/// </summary>
public sealed record ShippedEmailTemplate(string Name, string Description, string Subject, string TextBody, string HtmlBody, string SampleModelJson)
{
    /// <summary>
    /// Reads the embedded resources "email-templates/NAME.subject.liquid", "NAME.text.liquid", "NAME.html.liquid"
    /// and "NAME.sample.json" of the assembly.
    /// </summary>
    public static ShippedEmailTemplate FromResources(Assembly assembly, string name, string description)
    {
        string Read(string suffix)
        {
            var resource = $"email-templates/{name}.{suffix}";
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource {resource}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        return new ShippedEmailTemplate(name, description, Read("subject.liquid").Trim(), Read("text.liquid"), Read("html.liquid"), Read("sample.json"));
    }
}
