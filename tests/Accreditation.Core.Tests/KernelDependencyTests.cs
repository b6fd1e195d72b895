using System.Xml.Linq;

namespace Accreditation.Core.Tests;

/// <summary>The kernel holds only what every module needs: the PDF and Word libraries live with the modules that read documents.</summary>
public sealed class KernelDependencyTests
{
    [Fact]
    public void Core_neither_references_nor_uses_the_pdf_and_word_libraries()
    {
        var used = typeof(Data.AccreditationDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Accreditation.Core", "Accreditation.Core.csproj"));
        var packages = project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToList();

        Assert.DoesNotContain(used, a => a.StartsWith("UglyToad.PdfPig", StringComparison.Ordinal) || a.StartsWith("DocumentFormat.OpenXml", StringComparison.Ordinal));
        Assert.DoesNotContain(packages, p => p is "PdfPig" or "DocumentFormat.OpenXml" or "System.IO.Packaging");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Accreditation.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Accreditation.sln not found above the test folder.");
    }
}
