using System.Text.RegularExpressions;

namespace Accreditation.Architecture.Tests;

/// <summary>
/// Modules keep the files people give the service in the file store (Core's IFileStore), which every node reads; only
/// the per-node stores listed here, each with its reason, write files themselves.
/// </summary>
public sealed partial class FileStoreTests
{
    /// <summary>Module source files that may write files directly, and why.</summary>
    private static readonly Dictionary<string, string> PerNode = new(StringComparer.Ordinal)
    {
        ["Accreditation.Notifications/Sending/MailTransport.cs"] = "the mail pickup folder (no SMTP server): each node's own outgoing copies",
        ["Accreditation.Notifications/Privacy/EmailPersonalData.cs"] = "reads and deletes this node's pickup copies for subject access and retention",
        ["Accreditation.Research/Indexing/ResearchIndex.cs"] = "the Lucene index: per node by design, rebuilt from the database's change feed",
        ["Accreditation.Research/Semantic/VectorStore.cs"] = "the search-by-meaning vectors: per node, rebuilt from the database",
        ["Accreditation.Portfolios/Evidence/PortfolioEndpoints.cs"] = "the export ZIP is built in a temporary file deleted when its response ends, never kept",
    };

    [Fact]
    public void Modules_write_files_only_through_the_file_store_or_a_listed_per_node_store()
    {
        var modules = Path.Combine(ModuleAssemblies.RepositoryRoot, "src", "Modules");
        var sources = Directory.GetFiles(modules, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(sources.Count > 100, $"Only {sources.Count} module source files found under {modules}.");

        var offending = sources
            .Select(f => (File: Path.GetRelativePath(modules, f).Replace(Path.DirectorySeparatorChar, '/'), Uses: DirectFileAccess().Matches(File.ReadAllText(f))))
            .Where(f => f.Uses.Count > 0 && !PerNode.ContainsKey(f.File))
            .Select(f => $"{f.File}: {string.Join(", ", f.Uses.Select(m => m.Value).Distinct())}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(offending.Count == 0,
            "These module files write or open files directly; keep people's files in the file store (IFileStore, a FileArea of the module), "
            + "or list a per-node store here with its reason:\n  " + string.Join("\n  ", offending));
    }

    [Fact]
    public void Every_listed_per_node_store_still_writes_files()
    {
        // A stale entry would let a module file of the same name write people's files unnoticed.
        var modules = Path.Combine(ModuleAssemblies.RepositoryRoot, "src", "Modules");
        foreach (var (file, reason) in PerNode)
        {
            var path = Path.Combine(modules, file);
            Assert.True(File.Exists(path), $"{file} ({reason}) no longer exists: remove it from the list.");
            Assert.True(DirectFileAccess().IsMatch(File.ReadAllText(path)), $"{file} no longer writes files directly: remove it from the list.");
        }
    }

    [Fact]
    public void The_check_finds_direct_file_writes()
    {
        Assert.Matches(DirectFileAccess(), "await System.IO.File.WriteAllBytesAsync(path, bytes, ct);");
        Assert.Matches(DirectFileAccess(), "using var s = new FileStream(path, FileMode.Create);");
        Assert.Matches(DirectFileAccess(), "var s = File.OpenRead(path);");
        Assert.Matches(DirectFileAccess(), "File.Move(a, b);");
        Assert.DoesNotMatch(DirectFileAccess(), "var stream = files.Open(file.Id);");
    }

    [GeneratedRegex(@"\bFile\.(WriteAll\w*|AppendAll\w*|Open\w*|Create\w*|Move|Copy|Replace)\s*\(|\bnew\s+(System\.IO\.)?FileStream\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex DirectFileAccess();
}
