using Accreditation.Core.Navigation;
using Accreditation.Core.Recipes;
using Accreditation.Core.Security;
using Accreditation.Core.Time;
using Accreditation.Core.Web;
using Accreditation.Publishing.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Publishing.Recipes;

/// <summary>
/// The "menus" step: the service navigation's and footer's links (a page by slug, or an address; who sees each). A menu
/// that is already set up is left as editors made it, so running the recipe again changes nothing.
/// </summary>
public sealed class MenusStep(IIdSource ids, TimeProvider clock) : RecipeStep<MenusStep.Data>
{
    /// <summary>One link: its words, a page's slug or an address, and optionally only for signed-in people or some roles.</summary>
    public sealed record LinkData(string Label, string? Page = null, string? Url = null, bool SignedIn = false, IReadOnlyList<string>? Roles = null);

    /// <summary>Step data: the links of each menu, in order.</summary>
    public sealed record Data(IReadOnlyList<LinkData>? Main = null, IReadOnlyList<LinkData>? Footer = null);

    /// <inheritdoc />
    public override string Name => "menus";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        foreach (var (menu, links) in Menus(data))
        {
            for (var i = 0; i < links.Count; i++)
            {
                var link = links[i];
                var path = $"$.{menu}[{i}]";
                if (string.IsNullOrWhiteSpace(link.Label) || link.Label.Length > PublishingModel.MenuLabelLength)
                {
                    errors.Add($"{path}.label", $"Give the link words of {PublishingModel.MenuLabelLength} characters or fewer.");
                }

                if ((link.Page is null) == (link.Url is null))
                {
                    errors.Add(path, "Give either a page (its slug) or a url, not both.");
                }
                else if (link.Url is not null && Links.Problem(link.Url, allowSitePaths: true) is { } problem)
                {
                    errors.Add($"{path}.url", problem);
                }

                if (link.Roles?.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
                {
                    errors.Add($"{path}.roles", $"'{unknown}' is not a role.");
                }
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (menu, links) in Menus(data))
        {
            if (await context.Db.Set<MenuSetUp>().AnyAsync(m => m.Menu == menu, ct))
            {
                continue;
            }

            context.Db.Set<MenuSetUp>().Add(new MenuSetUp { Menu = menu, At = now });
            for (var i = 0; i < links.Count; i++)
            {
                var link = links[i];
                Guid? page = null;
                if (link.Page is { } slug)
                {
                    page = await context.Db.Set<PracticeUpdate>().Where(u => u.Kind == PublicationKind.Page && u.Slug == slug).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct)
                        ?? throw new RecipeStepException($"$.{menu}[{i}].page", $"There is no page '{slug}': add it with a pages step first.");
                }

                context.Db.Set<MenuItem>().Add(new MenuItem
                {
                    Id = ids.NewId(),
                    Menu = menu,
                    Position = i + 1,
                    Label = link.Label.Trim(),
                    PageId = page,
                    Url = page is null ? link.Url : null,
                    Audience = link.Roles is { Count: > 0 } ? AudienceKind.Roles : link.SignedIn ? AudienceKind.SignedIn : AudienceKind.Public,
                    Roles = string.Join(",", link.Roles ?? []),
                    UpdatedAt = now,
                });
            }
        }

        context.Db.Announce(Publishing.Menus.MenuLinksCache.Topic);
        await context.Db.SaveChangesAsync(ct);
        context.Services.GetService<Menus.MenuLinksCache>()?.Invalidate();
    }

    private static IEnumerable<(string Menu, IReadOnlyList<LinkData> Links)> Menus(Data data)
    {
        if (data.Main is not null)
        {
            yield return (SiteMenuNames.Main, data.Main);
        }

        if (data.Footer is not null)
        {
            yield return (SiteMenuNames.Footer, data.Footer);
        }
    }
}
