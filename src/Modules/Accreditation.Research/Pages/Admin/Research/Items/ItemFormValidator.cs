using System.Globalization;
using Accreditation.Research.Library;
using FluentValidation;

namespace Accreditation.Research.Pages.Admin.Research.Items;

/// <summary>
/// Checks a library item as the editor entered it, field by field in the order the form shows them, with the words the
/// error summary shows. Whether another item already has the DOI is the page's to check (it needs the library).
/// </summary>
public sealed class ItemFormValidator : AbstractValidator<EditModel.ItemForm>
{
    /// <summary>The longest title an item may have.</summary>
    public const int TitleLength = 500;

    /// <summary>The longest DOI an item may have.</summary>
    public const int DoiLength = 300;

    /// <summary>The checks.</summary>
    public ItemFormValidator()
    {
        RuleFor(f => f.Title).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter a title")
            .Must(v => v!.Trim().Length <= TitleLength).WithMessage($"Title must be {TitleLength} characters or fewer");

        RuleFor(f => f.Year).Must(v => Year(v) is not null).When(f => !string.IsNullOrWhiteSpace(f.Year))
            .WithMessage("Enter the year as 4 digits between 1900 and 2100, like 2019");

        RuleFor(f => f).Custom((f, context) =>
        {
            foreach (var (field, message) in ResearchLibrary.LinkProblems(f.Link, f.FullText))
            {
                context.AddFailure(field, message);
            }
        });

        RuleFor(f => f.Doi).Must(v => ResearchLibrary.NormaliseDoi(v) is var doi
                && (doi.Length == 0 || (doi.StartsWith("10.", StringComparison.Ordinal) && doi.Contains('/', StringComparison.Ordinal) && doi.Length <= DoiLength)))
            .WithMessage("Enter a DOI like 10.1111/cfs.12345");

        RuleFor(f => f.Type).Must(v => Enum.IsDefined(v)).WithMessage("Select the type of item");
        RuleFor(f => f.Access).Must(v => Enum.IsDefined(v)).WithMessage("Select who can see the item");

        MaxLength(f => f.Authors, 2000);
        MaxLength(f => f.Source, 500);
        MaxLength(f => f.Abstract, 20000);
    }

    /// <summary>The year entered, or null when it is blank or not 4 digits between 1900 and 2100.</summary>
    public static int? Year(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100 ? year : null;

    private void MaxLength(System.Linq.Expressions.Expression<Func<EditModel.ItemForm, string?>> field, int max) =>
        RuleFor(field).Must(v => (v?.Length ?? 0) <= max).WithMessage($"This must be {max} characters or fewer");
}
