using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Accreditation.Architecture.Tests;

/// <summary>A type one assembly uses from another, read from the assembly's metadata (its type-reference table).</summary>
/// <param name="FromAssembly">The assembly that uses the type.</param>
/// <param name="ToAssembly">The assembly the type is defined in.</param>
/// <param name="Namespace">The type's namespace (of the outermost type when nested).</param>
/// <param name="Name">The type's name (outermost+nested).</param>
public sealed record TypeUse(string FromAssembly, string ToAssembly, string Namespace, string Name)
{
    /// <summary>The full name, for messages.</summary>
    public string FullName => $"{Namespace}.{Name}";
}

/// <summary>
/// The platform's module assemblies and the types each uses from others. Metadata's type references list every type an
/// assembly names anywhere (signatures, generic arguments such as DbSet&lt;T&gt;, method bodies), so a query written
/// with another module's entity or Identity's tables shows up here whatever shape the code takes.
/// </summary>
public static class ModuleAssemblies
{
    /// <summary>The folder the host's assemblies were copied to with this test project's output.</summary>
    private static string Folder => AppContext.BaseDirectory;

    // Declared first: static initialisers run in order, and Modules needs it.
    /// <summary>The repository's root folder (where Accreditation.sln is), found upwards from the test's output folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The module assemblies (src/Modules/*), by name.</summary>
    public static IReadOnlyList<string> Modules { get; } = Directory.GetFiles(Folder, "Accreditation.*.dll")
        .Select(Path.GetFileNameWithoutExtension)
        .Select(n => n!)
        .Where(n => Path.Exists(Path.Combine(RepositoryRoot, "src", "Modules", n)))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Every type the assembly uses from another Accreditation assembly or from the given other assemblies.</summary>
    public static IReadOnlyList<TypeUse> UsesOf(string assembly)
    {
        using var stream = File.OpenRead(Path.Combine(Folder, assembly + ".dll"));
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var uses = new List<TypeUse>();
        foreach (var handle in md.TypeReferences)
        {
            var reference = md.GetTypeReference(handle);
            var name = md.GetString(reference.Name);
            var ns = md.GetString(reference.Namespace);
            var scope = reference.ResolutionScope;
            // A nested type's scope is its declaring type: climb to the outermost, which names the assembly.
            while (scope.Kind == HandleKind.TypeReference)
            {
                var outer = md.GetTypeReference((TypeReferenceHandle)scope);
                name = md.GetString(outer.Name) + "+" + name;
                ns = md.GetString(outer.Namespace);
                scope = outer.ResolutionScope;
            }
            if (scope.Kind != HandleKind.AssemblyReference)
            {
                continue;
            }
            var target = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
            uses.Add(new TypeUse(assembly, target, ns, name));
        }
        return uses;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Accreditation.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Accreditation.sln not found above " + AppContext.BaseDirectory);
    }
}
