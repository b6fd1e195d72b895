namespace Accreditation.Core.Tests;

/// <summary>
/// Razor pages and partials from different modules share one path space: a second module's page at the same relative
/// path silently replaces the first. Only the per-folder _ViewStart and _ViewImports files may repeat.
/// </summary>
public sealed class PagePathTests
{
    [Fact]
    public void No_two_modules_or_themes_ship_a_page_or_partial_at_the_same_path()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Accreditation.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var libraries = Directory.GetDirectories(Path.Combine(root.FullName, "src", "Modules"))
            .Concat(Directory.GetDirectories(Path.Combine(root.FullName, "themes")))
            .Append(Path.Combine(root.FullName, "src", "Accreditation.Web"))
            .Where(d => Directory.Exists(Path.Combine(d, "Pages")))
            .ToList();
        Assert.True(libraries.Count >= 5);

        var clashes = libraries
            .SelectMany(library => Directory.EnumerateFiles(Path.Combine(library, "Pages"), "*.cshtml", SearchOption.AllDirectories)
                .Select(file => (Library: Path.GetFileName(library), Path: Path.GetRelativePath(library, file).Replace('\\', '/'))))
            .Where(page => Path.GetFileName(page.Path) is not ("_ViewStart.cshtml" or "_ViewImports.cshtml"))
            .GroupBy(page => page.Path, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(p => p.Library))}")
            .ToList();

        Assert.Empty(clashes);
    }
}
