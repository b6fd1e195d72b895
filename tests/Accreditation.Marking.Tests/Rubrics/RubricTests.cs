using Accreditation.Core.Data;
using Accreditation.Core.Recipes;
using Accreditation.Marking.Data;
using Accreditation.Marking.Tests.Support;
using Accreditation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Marking.Tests.Rubrics;

/// <summary>Rubrics come from recipes: the setup recipe's practice-leader rubric, shown to markers beside the evidence; bad steps are refused whole.</summary>
public sealed class RubricTests(MarkingSite site) : IClassFixture<MarkingSite>
{
    [Fact]
    public async Task The_setup_recipe_imports_the_practice_leader_rubric_and_markers_see_its_descriptors_and_guidance()
    {
        var rubric = await site.WithScopeAsync(sp => sp.GetRequiredService<AccreditationDbContext>().Set<Rubric>().AsNoTracking().Include(r => r.Statements).SingleAsync(r => r.FrameworkKey == "practice-leader"));
        Assert.Equal(6, rubric.Statements.Count);
        Assert.Contains("Strongly evidenced", rubric.LevelsJson, StringComparison.Ordinal);

        await site.AssessorAsync(Guid.NewGuid(), capacity: 100);
        var submission = await site.SubmissionAsync(Guid.NewGuid());
        await site.AllocateAsync();
        var marking = await site.MarkingOfAsync(submission.SubmissionId, MarkingRole.First);
        var page = await (await site.SignedInAsIdAsync(marking.AssessorId)).GetDocumentAsync($"/marking/cases/{marking.CaseId}");
        var statement1 = page.QuerySelector("#statement-1")!.TextContent;
        Assert.Contains("Look for the candidate's own part in setting the ambition", statement1, StringComparison.Ordinal);
        Assert.Contains("The evidence clearly shows the candidate leading this (lead and govern excellent practice)", statement1, StringComparison.Ordinal);
        Assert.Equal(["Not yet evidenced", "Partly evidenced", "Evidenced", "Strongly evidenced"], page.QuerySelectorAll("#statement-1 .govuk-radios__label").Select(l => l.TextContent.Trim()));
        Assert.Contains("I led a review of supervision", statement1, StringComparison.Ordinal); // the evidence beside it
    }

    [Fact]
    public async Task A_rubrics_step_with_a_wrong_number_of_descriptors_or_an_unknown_statement_is_refused_and_running_one_twice_changes_nothing()
    {
        var bad = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "bad rubric", "steps": [ { "name": "rubrics", "rubrics": [ { "framework": "practice-supervisor", "version": 1,
              "statements": [ { "number": 1, "descriptors": ["only one"] } ] } ] } ] }
            """));
        Assert.False(bad.Succeeded);
        Assert.Contains(bad.Errors, e => e.ToString().Contains("Give one descriptor for each of the 4 levels", StringComparison.Ordinal));

        var unknown = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync("""
            { "name": "unknown statement", "steps": [ { "name": "rubrics", "rubrics": [ { "framework": "practice-supervisor", "version": 1,
              "statements": [ { "number": 99, "descriptors": ["a", "b", "c", "d"] } ] } ] } ] }
            """));
        Assert.False(unknown.Succeeded);
        Assert.Contains(unknown.Errors, e => e.ToString().Contains("has no statement 99", StringComparison.Ordinal));

        const string good = """
            { "name": "supervisor rubric", "steps": [ { "name": "rubrics", "rubrics": [ { "framework": "practice-supervisor", "version": 1,
              "levels": ["Not shown", "Shown"],
              "statements": [ { "number": 2, "descriptors": ["Not shown in supervision", "Shown in supervision"], "guidance": "Look at supervision records." } ] } ] } ] }
            """;
        Assert.True((await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(good))).Succeeded);
        var before = await DatabaseSnapshot.TakeAsync(site.Services);
        var second = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeRunner>().RunAsync(good));
        Assert.True(second.Succeeded, string.Join("; ", second.Errors));
        var after = await DatabaseSnapshot.TakeAsync(site.Services);
        Assert.Equal(before["Rubrics"], after["Rubrics"]);
        Assert.Equal(before["StatementRubrics"], after["StatementRubrics"]);
    }
}
