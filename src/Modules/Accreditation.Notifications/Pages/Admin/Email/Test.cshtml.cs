using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Notifications.Contracts;
using Accreditation.Notifications.Outbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Notifications.Pages.Admin.Email;

/// <summary>Queues a test email to an address, to check that email reaches people.</summary>
[Authorize(Policy = "Permission:" + Permissions.ManageEmail)]
public sealed class TestModel(IEmailOutbox outbox, AccreditationDbContext db, IAuditTrail audit) : PageModel
{
    /// <summary>Who the test email goes to.</summary>
    [BindProperty]
    public string? To { get; set; }

    /// <summary>Shows the form, addressed to the admin by default.</summary>
    public void OnGet() => To = User.Identity?.Name;

    /// <summary>Queues the test email, or shows what is wrong.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        To = To?.Trim();
        if (string.IsNullOrEmpty(To))
        {
            ModelState.AddModelError(nameof(To), "Enter an email address");
        }
        else if (!HeaderText.IsAddress(To))
        {
            ModelState.AddModelError(nameof(To), "Enter an email address in the correct format, like name@example.gov.uk");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var queued = await outbox.EnqueueAsync(new EmailMessage
        {
            To = [new EmailAddress(To!)],
            Template = Startup.TestEmailTemplate,
            Model = new { sent_by = User.Identity?.Name ?? "an administrator" },
        });
        // The audit line and the message are written together.
        audit.Add("email.test-queued", "OutboxEmail", queued.Id.ToString(), $"to {To}");
        await db.SaveChangesAsync();
        TempData["Message"] = $"A test email to {To} is queued. It will be sent within a few seconds.";
        return RedirectToPage("/Admin/Email/Index");
    }
}
