using Microsoft.Extensions.Configuration;

namespace Accreditation.Core.Recipes;

/// <summary>The shipped recipes: *.recipe.json in Recipes:Path (default: the recipes folder next to the application).</summary>
public sealed class RecipeFiles(IConfiguration configuration)
{
    /// <summary>The folder recipes are read from.</summary>
    public string Folder { get; } = string.IsNullOrWhiteSpace(configuration["Recipes:Path"])
        ? Path.Combine(AppContext.BaseDirectory, "recipes")
        : Path.GetFullPath(configuration["Recipes:Path"]!);

    /// <summary>The recipe files with their names and descriptions.</summary>
    public IReadOnlyList<(string File, string Name, string Description)> List() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.recipe.json").Order(StringComparer.Ordinal)
                .Select(f => (f, RecipeRunner.Describe(File.ReadAllText(f))))
                .Where(x => x.Item2 is not null)
                .Select(x => (Path.GetFileName(x.f), x.Item2!.Value.Name, x.Item2!.Value.Description))
                .ToList()
            : [];

    /// <summary>Resolves a recipe given as a path or as a file name in the recipes folder.</summary>
    public string Resolve(string fileOrName) =>
        File.Exists(fileOrName) ? Path.GetFullPath(fileOrName) : Path.Combine(Folder, fileOrName);
}
