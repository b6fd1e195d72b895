namespace Accreditation.Core.Navigation;

/// <summary>An entry of the admin menu: shown to people holding the permission, while its module is enabled.</summary>
public sealed record AdminMenuItem(string Text, string Url, string Permission, int Order = 100);

/// <summary>An entry of the main theme's header navigation; Permission null means everyone signed in, Public shows it to visitors too.</summary>
public sealed record NavigationItem(string Text, string Url, string? Permission = null, int Order = 100, bool Public = false);

/// <summary>An admin menu entry and the module that owns it.</summary>
public sealed record AdminMenuRegistration(string ModuleId, AdminMenuItem Item);

/// <summary>A navigation entry and the module that owns it.</summary>
public sealed record NavigationRegistration(string ModuleId, NavigationItem Item);
