using Accreditation.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Accreditation.Identity.Pages.Account;

/// <summary>The signed-in person's account: name, organisation, password and two-factor authentication.</summary>
public sealed class IndexModel(UserManager<PlatformUser> users, IOrganisationDirectory organisations) : PageModel
{
    /// <summary>The person.</summary>
    public PlatformUser? Person { get; private set; }

    /// <summary>Their organisation.</summary>
    public OrganisationSummary? Organisation { get; private set; }

    /// <summary>Shows the account.</summary>
    public async Task OnGetAsync(CancellationToken ct)
    {
        Person = await users.GetUserAsync(User);
        Organisation = Person?.OrganisationId is { } id ? await organisations.FindAsync(id, ct) : null;
    }
}
