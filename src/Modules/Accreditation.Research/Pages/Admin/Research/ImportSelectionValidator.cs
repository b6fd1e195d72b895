using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace Accreditation.Research.Pages.Admin.Research;

/// <summary>The files an editor chose to preview for import.</summary>
public sealed record ImportSelection(IReadOnlyList<IFormFile> Files);

/// <summary>Checks the files chosen to preview: at least one, and no more than <see cref="MaxFiles"/> (what they hold is the importer's to read).</summary>
public sealed class ImportSelectionValidator : AbstractValidator<ImportSelection>
{
    /// <summary>The most files previewed at a time.</summary>
    public const int MaxFiles = 50;

    /// <summary>The checks (they hold no state, so one instance serves every form).</summary>
    public static ImportSelectionValidator Instance { get; } = new();

    /// <summary>Makes the checks.</summary>
    public ImportSelectionValidator() =>
        RuleFor(s => s.Files).Cascade(CascadeMode.Stop)
            .Must(f => f.Count > 0).WithMessage("Select a RIS, CSV, PDF or Word file to import")
            .Must(f => f.Count <= MaxFiles).WithMessage($"Select {MaxFiles} files or fewer at a time");
}
