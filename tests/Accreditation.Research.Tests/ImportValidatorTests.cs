using Accreditation.Core.Forms;
using Accreditation.Research.Pages.Admin.Research;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Research.Tests;

/// <summary>The import page's checks of the files chosen to preview, in the editor's words, on the files box.</summary>
public sealed class ImportSelectionValidatorTests
{
    private static List<FormError> Check(int files) =>
        ImportSelectionValidator.Instance.Validate(new ImportSelection(
            Enumerable.Range(1, files).Select(i => (IFormFile)new FormFile(Stream.Null, 0, 0, "Files", $"items-{i}.ris")).ToList())).ToFormErrors();

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void One_to_50_files_pass(int files) => Assert.Empty(Check(files));

    [Fact]
    public void No_files_is_named()
    {
        Assert.Equal([new FormError("Files", "Select a RIS, CSV, PDF or Word file to import")], Check(0));
    }

    [Fact]
    public void More_than_50_files_is_named()
    {
        Assert.Equal([new FormError("Files", "Select 50 files or fewer at a time")], Check(51));
    }
}

/// <summary>The import page's check of the previewed upload sent back with the form, shown on the files box.</summary>
public sealed class ImportUploadValidatorTests
{
    private static List<FormError> Check(string? upload) =>
        ImportUploadValidator.Instance.Validate(new ImportUpload(upload)).ToFormErrors();

    [Fact]
    public void An_upload_named_as_the_preview_names_it_passes()
    {
        Assert.Empty(Check("0b1c2d3e4f5061728394a5b6c7d8e9f0"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0")]
    [InlineData("../../secrets")]
    public void A_missing_or_forged_upload_asks_for_the_files_again(string? upload)
    {
        Assert.Equal([new FormError("Files", "The upload has expired. Select the files again")], Check(upload));
    }
}
