using Accreditation.BrowserTests.Infrastructure;
using Accreditation.Core.Recipes;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Xunit.Abstractions;

namespace Accreditation.BrowserTests.Portfolios;

/// <summary>A candidate builds a portfolio, their line manager (an endorser of their authority) signs in and endorses it, and they submit it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortfolioJourneyTests(BrowserSite site, ITestOutputHelper output)
{
    private const string DemoPassword = "Kite Harbour Lantern 7";

    [Fact]
    public async Task A_candidate_enrols_adds_evidence_gets_endorsed_and_submits()
    {
        // The demo recipe gives a candidate and the practice leader programme a window open on the site's clock (2 November 2026).
        var demo = await site.Site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunFileAsync(Path.Combine(PlatformFactory.RecipesFolder(), "demo.recipe.json"), allowDemo: true));
        Assert.True(demo.Succeeded, string.Join("; ", demo.Errors));

        await using var watch = await PageWatch.OpenAsync(site, output);
        var page = watch.Page;
        await watch.SignInAsync("candidate@demo.example", DemoPassword);

        await ChooseOwnPasswordAsync(page, "heron pebble orbit quietly 8");
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" });
        await menu.GetByRole(AriaRole.Link, new() { Name = "Your portfolio" }).ClickAsync();
        await page.WaitForURLAsync("**/portfolio");
        await watch.CheckAsync("portfolio-start");

        // Enrol in the open window.
        await page.GetByRole(AriaRole.Link, new() { Name = "Enrol in Practice leader accreditation: Winter 2026" }).ClickAsync();
        await page.GetByLabel("Do you need any reasonable adjustments? (optional)").FillAsync("Extra time for the knowledge assessment.");
        await watch.CheckAsync("portfolio-enrol");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Practice leader accreditation" }).WaitForAsync();
        Assert.Equal(6, await page.Locator("#statements .govuk-task-list__item").CountAsync());
        await watch.CheckAsync("portfolio-task-list");
        var portfolioUrl = page.Url;

        // A reflective account for statement 1, mapped to every statement.
        await page.GetByRole(AriaRole.Link, new() { Name = "1. Lead and govern excellent practice" }).ClickAsync();
        await watch.CheckAsync("portfolio-statement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Write a reflective account" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync("Redesigning supervision across the service");
        await page.GetByLabel("Your reflective account").FillAsync("I led a review of how supervision supports reflective practice.\n\n- We asked families what helped.\n- We changed the model.");
        for (var number = 1; number <= 6; number++)
        {
            var box = page.Locator($"#Mappings_{number - 1}__Selected");
            if (!await box.IsCheckedAsync())
            {
                await box.CheckAsync();
            }

            await page.GetByLabel($"How does this evidence show statement {number}?").FillAsync($"It shows statement {number} through the review I led.");
        }

        // Autosave keeps the draft while the candidate writes.
        await page.Locator("#autosave-status").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Draft saved") }).WaitForAsync(new() { Timeout = 15000 });
        await watch.CheckAsync("portfolio-item");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(portfolioUrl);
        Assert.Equal(6, await page.Locator("#statements .govuk-task-list__status", new() { HasTextString = "Evidenced" }).CountAsync());

        // A PDF, mapped to statement 4.
        await page.GetByRole(AriaRole.Link, new() { Name = "Upload a document" }).ClickAsync();
        await page.GetByLabel("Title (optional)").FillAsync("Workforce development plan");
        await page.GetByLabel("Upload a file").SetInputFilesAsync(new FilePayload { Name = "plan.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await watch.CheckAsync("portfolio-upload");
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Workforce development plan" }).WaitForAsync();
        await page.Locator("#Mappings_3__Selected").CheckAsync();
        await page.GetByLabel("How does this evidence show statement 4?").FillAsync("The plan I wrote to grow our practitioners.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(portfolioUrl);
        Assert.Equal(2, await page.Locator("#items li").CountAsync());

        // Ask the line manager, an endorser of the candidate's authority, to endorse: she is emailed, not given a link.
        await page.GetByRole(AriaRole.Link, new() { Name = "Get your employer's endorsement" }).ClickAsync();
        await page.GetByLabel("Grace Whitfield").CheckAsync();
        await page.GetByLabel("They are my line manager").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for endorsement" }).ClickAsync();
        await page.Locator("#message").WaitForAsync();
        Assert.Equal(0, await page.Locator("#endorsement-link").CountAsync());
        await watch.CheckAsync("portfolio-endorsement-requested");

        // The endorser, in a browser of her own, signs in with her code, reads the portfolio and endorses.
        const string endorserEmail = "endorser@demo.example";
        var key = await site.Site.EnableTwoFactorAsync(endorserEmail);
        await using (var endorser = await PageWatch.OpenAsync(site, output))
        {
            await endorser.GotoAsync("/account/sign-in");
            await endorser.Page.GetByLabel("Email address").FillAsync(endorserEmail);
            await endorser.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(DemoPassword);
            await endorser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await endorser.Page.WaitForURLAsync("**/account/sign-in/two-factor**");
            await endorser.Page.GetByLabel("Code").FillAsync(TwoFactor.CodeFor(key));
            await endorser.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await endorser.Page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
            await ChooseOwnPasswordAsync(endorser.Page, "lark meadow copper slowly 4");
            await endorser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Menu" }).GetByRole(AriaRole.Link, new() { Name = "Your endorsements" }).ClickAsync();
            await endorser.Page.WaitForURLAsync("**/endorsements");
            await endorser.CheckAsync("endorser-requests");
            await endorser.Page.GetByRole(AriaRole.Link, new() { Name = "Amara Okafor" }).ClickAsync();
            await endorser.Page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Endorse Amara Okafor" }).WaitForAsync();
            await endorser.CheckAsync("endorser-reads");
            await endorser.Page.GetByLabel("Yes, I endorse them").CheckAsync();
            await endorser.Page.GetByLabel("Your statement of their readiness").FillAsync("Amara leads reflective supervision across the service and is ready.");
            await endorser.Page.GetByRole(AriaRole.Button, new() { Name = "Send your answer" }).ClickAsync();
            await endorser.Page.Locator("#endorsement-outcome").WaitForAsync();
            Assert.Equal(0, await endorser.Page.GetByText("I led a review of how supervision supports reflective practice.").CountAsync());
            await endorser.CheckAsync("endorser-endorsed");
        }

        // Check your answers and submit.
        await page.GotoAsync(portfolioUrl);
        Assert.Equal("Endorsed", (await page.Locator("#endorsement-status").InnerTextAsync()).Trim());
        await page.GetByRole(AriaRole.Link, new() { Name = "Check your answers and submit" }).ClickAsync();
        await watch.CheckAsync("portfolio-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept and submit" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Portfolio submitted" }).WaitForAsync();
        Assert.Matches("^[0-9A-F]{12}$", (await page.Locator("#submission-reference").InnerTextAsync()).Trim());
        await watch.CheckAsync("portfolio-submitted");
    }

    private static byte[] Pdf()
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(595, 842).AddText("Workforce development plan 2026 to 2028.", 12, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    /// <summary>Demo people share the recipe's password, so each chooses their own at first sign-in.</summary>
    private static async Task ChooseOwnPasswordAsync(IPage page, string password)
    {
        await page.WaitForURLAsync("**/account/change-password");
        await page.GetByLabel("Current password").FillAsync(DemoPassword);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm new password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/change-password", StringComparison.Ordinal));
    }
}
