using FluentValidation;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>The previewed upload an editor asked to import, as the form sent back its name.</summary>
public sealed record ImportUpload(string? Upload);

/// <summary>
/// Checks the upload's name is one the preview could have given (whether its files are still in the file store is
/// found by the page); the problem is shown on the files box, as the files must be chosen again.
/// </summary>
public sealed class ImportUploadValidator : AbstractValidator<ImportUpload>
{
    /// <summary>The check (it holds no state, so one instance serves every form).</summary>
    public static ImportUploadValidator Instance { get; } = new();

    /// <summary>Makes the check.</summary>
    public ImportUploadValidator() =>
        RuleFor(u => u.Upload).Must(v => v is not null && Guid.TryParseExact(v, "N", out _))
            .OverridePropertyName(nameof(ImportModel.Files)).WithMessage("The upload has expired. Select the files again");
}
