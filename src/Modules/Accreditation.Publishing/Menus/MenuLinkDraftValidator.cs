using Accreditation.Core.Navigation;
using Accreditation.Core.Security;
using Accreditation.Core.Web;
using Accreditation.Publishing.Data;
using FluentValidation;
using FluentValidation.Results;

namespace Accreditation.Publishing.Menus;

/// <summary>Checks a menu link as an editor (or the recipe) gave it, field by field in the order the form shows them.</summary>
public sealed class MenuLinkDraftValidator : AbstractValidator<MenuLinkDraft>
{
    /// <summary>The longest address a link may have.</summary>
    public const int UrlLength = 500;

    /// <summary>The checks, with the pages a link may lead to (<see cref="SiteMenus"/> reads only the one the link names).</summary>
    public MenuLinkDraftValidator(IReadOnlySet<Guid> pages)
    {
        RuleFor(d => d.Menu).Must(v => SiteMenus.All.Any(m => m.Menu == v)).WithMessage("Select a menu");

        RuleFor(d => d.Label).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Enter the words of the link")
            .Must(v => v!.Trim().Length <= PublishingModel.MenuLabelLength).WithMessage($"The words must be {PublishingModel.MenuLabelLength} characters or fewer");

        RuleFor(d => d.PageId).Must(v => pages.Contains(v!.Value)).When(d => d.PageId is not null).WithMessage("Select a page from the list");

        // Without a page, the link needs an address this site can lead to.
        RuleFor(d => d.Address).Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Select a page or enter an address")
            .Must(v => v!.Trim().Length <= UrlLength).WithMessage($"The address must be {UrlLength} characters or fewer")
            .Custom((url, context) =>
            {
                if (Links.Problem(url!.Trim(), allowSitePaths: true) is { } problem)
                {
                    context.AddFailure(new ValidationFailure(nameof(MenuLinkDraft.Address), problem));
                }
            })
            .When(d => d.PageId is null);

        RuleFor(d => d.Roles).Must(v => v is { Count: > 0 } && v.All(Roles.All.Contains))
            .When(d => d.Audience == AudienceKind.Roles).WithMessage("Select at least one role");
        RuleFor(d => d.Audience).NotEqual(AudienceKind.Organisations).WithMessage("Select who sees the link");
    }
}
