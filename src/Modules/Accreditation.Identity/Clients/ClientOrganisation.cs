using System.Text.Json;
using OpenIddict.Abstractions;

namespace Accreditation.Identity.Clients;

/// <summary>The organisation a client application acts for, kept as a property of the OpenIddict application.</summary>
public static class ClientOrganisation
{
    /// <summary>The application property holding the organisation id.</summary>
    public const string Property = "organisation";

    /// <summary>The organisation the application acts for, or null.</summary>
    public static async Task<Guid?> OfAsync(IOpenIddictApplicationManager applications, object application, CancellationToken ct = default)
    {
        var properties = await applications.GetPropertiesAsync(application, ct);
        return properties.TryGetValue(Property, out var value) && value.ValueKind == JsonValueKind.String && Guid.TryParse(value.GetString(), out var id)
            ? id
            : null;
    }

    /// <summary>Sets (or clears) the organisation on a descriptor.</summary>
    public static void Set(OpenIddictApplicationDescriptor descriptor, Guid? organisationId)
    {
        if (organisationId is { } id)
        {
            descriptor.Properties[Property] = JsonSerializer.SerializeToElement(id.ToString());
        }
        else
        {
            descriptor.Properties.Remove(Property);
        }
    }
}
