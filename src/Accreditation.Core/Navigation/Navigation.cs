namespace Accreditation.Core.Navigation;

/// <summary>
/// An entry of the admin menu: shown to people holding the permission, while its module is enabled. It names a Razor
/// page ("/Admin/Frameworks/Index"), resolved to its address when the menu is built, so renaming or moving the page
/// fails a test rather than leaving a dead link.
/// </summary>
public sealed record AdminMenuItem(string Text, string Page, string Permission, int Order = 100);

/// <summary>
/// An entry of the main theme's header navigation, naming a Razor page as <see cref="AdminMenuItem"/> does; Permission
/// null means everyone signed in, Public shows it to visitors too.
/// </summary>
public sealed record NavigationItem(string Text, string Page, string? Permission = null, int Order = 100, bool Public = false);

/// <summary>
/// A link of a built menu, ready to render: a module's entry with its page resolved to an address, or a link an editor
/// placed (kept as the address they gave). <paramref name="Admin"/> marks the one entry leading to the admin overview.
/// </summary>
public sealed record MenuEntry(string Text, string Url, bool Public = false, bool Admin = false);

/// <summary>An admin menu entry and the module that owns it.</summary>
public sealed record AdminMenuRegistration(string ModuleId, AdminMenuItem Item);

/// <summary>A navigation entry and the module that owns it.</summary>
public sealed record NavigationRegistration(string ModuleId, NavigationItem Item);
