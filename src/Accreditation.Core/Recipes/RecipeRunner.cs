using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Accreditation.Core.Auditing;
using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accreditation.Core.Recipes;

/// <summary>A recipe applied to this database (name and content hash), so start-up knows setup has run.</summary>
public sealed class RecipeRun
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>The recipe's name.</summary>
    public required string Name { get; set; }

    /// <summary>SHA-256 of the recipe text after variables.</summary>
    public required string ContentHash { get; set; }

    /// <summary>When it was first applied.</summary>
    public DateTimeOffset AppliedAt { get; set; }
}

/// <summary>The outcome of running a recipe: applied, or refused with every error found.</summary>
public sealed record RecipeResult(string? Name, IReadOnlyList<RecipeError> Errors)
{
    /// <summary>Whether the recipe was applied.</summary>
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Validates a whole recipe, then applies its steps in order in one transaction. A bad recipe (unknown step, wrong
/// type, missing field, a step that fails while applying) is refused with the step index and JSON path, and nothing
/// of it is applied. A recipe marked "demo": true (shared passwords, a platform admin, answer keys) runs only in
/// Development, or when the operator says so: <c>--allow-demo</c> on the command line (the run methods' allowDemo) or the setting <c>Recipes:AllowDemo=true</c>.
/// </summary>
public sealed partial class RecipeRunner(
    IServiceProvider services,
    AccreditationDbContext db,
    IEnumerable<RecipeStepRegistration> registrations,
    ModuleState modules,
    TimeProvider clock,
    IIdSource ids,
    IAuditTrail audit,
    IHostEnvironment environment,
    IConfiguration configuration)
{
    /// <summary>The setting that lets demo recipes run outside Development.</summary>
    public const string AllowDemoSetting = "Recipes:AllowDemo";

    /// <summary>Reads and runs a recipe file; <paramref name="allowDemo"/> is the operator's --allow-demo.</summary>
    public async Task<RecipeResult> RunFileAsync(string path, IReadOnlyDictionary<string, string>? overrides = null, bool allowDemo = false, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            return new RecipeResult(null, [new RecipeError(null, null, "$", $"Recipe file not found: {Path.GetFileName(path)}")]);
        }

        return await RunAsync(await File.ReadAllTextAsync(path, ct), overrides, allowDemo, ct);
    }

    /// <summary>Validates and applies recipe JSON; <paramref name="allowDemo"/> is the operator's --allow-demo.</summary>
    public async Task<RecipeResult> RunAsync(string json, IReadOnlyDictionary<string, string>? overrides = null, bool allowDemo = false, CancellationToken ct = default)
    {
        var (recipe, parseErrors) = Parse(json, overrides);
        if (recipe is null)
        {
            return new RecipeResult(null, parseErrors);
        }

        if (DemoRefusal(recipe, allowDemo) is { } refusal)
        {
            return new RecipeResult(recipe.Name, [refusal]);
        }

        var errors = new List<RecipeError>(parseErrors);
        var plan = Plan(recipe, errors);
        if (errors.Count > 0)
        {
            return new RecipeResult(recipe.Name, errors);
        }

        var context = new RecipeContext(services, db, recipe.Variables, recipe.Demo);
        if (await ApplyAsync(recipe, plan, context, ct) is { } failure)
        {
            return new RecipeResult(recipe.Name, [failure]);
        }

        foreach (var action in context.CommitActions)
        {
            action();
        }

        return new RecipeResult(recipe.Name, []);
    }

    /// <summary>Reads a recipe's name and description without running it (for "recipes list").</summary>
    public static (string Name, string Description)? Describe(string json)
    {
        try
        {
            var node = JsonNode.Parse(json) as JsonObject;
            var name = node?["name"]?.GetValueKind() == JsonValueKind.String ? node["name"]!.GetValue<string>() : null;
            var description = node?["description"]?.GetValueKind() == JsonValueKind.String ? node["description"]!.GetValue<string>() : "";
            return name is null ? null : (name, description);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why a demo recipe may not run here, or null when it may (or is no demo).</summary>
    private RecipeError? DemoRefusal(ParsedRecipe recipe, bool allowDemo) =>
        recipe.Demo && !allowDemo && !environment.IsDevelopment() && !configuration.GetValue<bool>(AllowDemoSetting)
            ? new RecipeError(null, null, "$.demo",
                $"'{recipe.Name}' is a demo recipe (people sharing one password, a platform admin, answer keys) and this site runs in " +
                $"{environment.EnvironmentName}. Demo recipes run only in Development, unless you mean it: add --allow-demo to the " +
                $"command, or set {AllowDemoSetting}=true. Nothing was applied.")
            : null;

    /// <summary>Finds each step's handler and validates the step with it, adding what is wrong to <paramref name="errors"/>.</summary>
    private List<PlannedStep> Plan(ParsedRecipe recipe, List<RecipeError> errors)
    {
        var plan = new List<PlannedStep>();
        var stepHandlers = registrations.GroupBy(r => r.StepType).Select(g => g.First()).ToList();
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            var step = recipe.Steps[i];
            if (HandlerOf(recipe, i, stepHandlers, errors) is not { } handler)
            {
                continue;
            }

            var stepErrors = new RecipeErrors();
            handler.Validate(step, stepErrors);
            errors.AddRange(stepErrors.All.Select(e => new RecipeError(i, handler.Name, Absolute(i, e.Path), e.Message)));
            plan.Add(new PlannedStep(i, handler, step));
        }

        return plan;
    }

    /// <summary>The handler of step <paramref name="index"/>: named, known, and of a module that is (or an earlier step makes) enabled.</summary>
    private IRecipeStep? HandlerOf(ParsedRecipe recipe, int index, List<RecipeStepRegistration> stepHandlers, List<RecipeError> errors)
    {
        var step = recipe.Steps[index];
        var stepName = step["name"]?.GetValueKind() == JsonValueKind.String ? step["name"]!.GetValue<string>() : null;
        if (stepName is null)
        {
            errors.Add(new RecipeError(index, null, $"$.steps[{index}].name", "Every step needs a name (a string)."));
            return null;
        }

        var registration = stepHandlers.FirstOrDefault(r => string.Equals(((IRecipeStep)services.GetRequiredService(r.StepType)).Name, stepName, StringComparison.Ordinal));
        if (registration is null)
        {
            errors.Add(new RecipeError(index, stepName, $"$.steps[{index}].name", $"Unknown step '{stepName}'."));
            return null;
        }

        if (!modules.IsEnabled(registration.ModuleId) && !EnablesInEarlierStep(recipe, index, registration.ModuleId))
        {
            errors.Add(new RecipeError(index, stepName, $"$.steps[{index}].name", $"Step '{stepName}' belongs to module {registration.ModuleId}, which is not enabled."));
            return null;
        }

        return (IRecipeStep)services.GetRequiredService(registration.StepType);
    }

    /// <summary>Applies the steps in one transaction and records the run; the first step that fails rolls all back and is given.</summary>
    private async Task<RecipeError?> ApplyAsync(ParsedRecipe recipe, List<PlannedStep> plan, RecipeContext context, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (index, handler, step) in plan)
        {
            if (await ApplyStepAsync(index, handler, step, context, ct) is { } failure)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return failure;
            }
        }

        await RecordRunAsync(recipe, ct);
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>Applies and saves one step, or says why it could not be applied.</summary>
    private async Task<RecipeError?> ApplyStepAsync(int index, IRecipeStep handler, JsonObject step, RecipeContext context, CancellationToken ct)
    {
        try
        {
            await handler.ApplyAsync(step, context, ct);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (RecipeStepException ex)
        {
            return new RecipeError(index, handler.Name, Absolute(index, ex.PathInStep), ex.Message);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            return new RecipeError(index, handler.Name, $"$.steps[{index}]", $"The step could not be applied: {ex.GetBaseException().Message}");
        }
    }

    /// <summary>Records the recipe as applied to this database, once for each content.</summary>
    private async Task RecordRunAsync(ParsedRecipe recipe, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe.Canonical)));
        if (!await db.RecipeRuns.AnyAsync(r => r.Name == recipe.Name && r.ContentHash == hash, ct))
        {
            db.RecipeRuns.Add(new RecipeRun { Id = ids.NewId(), Name = recipe.Name, ContentHash = hash, AppliedAt = clock.GetUtcNow() });
            audit.Add("recipe.applied", "Recipe", recipe.Name, $"{recipe.Steps.Count} steps");
            await db.SaveChangesAsync(ct);
        }
    }

    private static string Absolute(int index, string path) =>
        path == "$" ? $"$.steps[{index}]" : $"$.steps[{index}]{(path.StartsWith("$.", StringComparison.Ordinal) || path.StartsWith("$[", StringComparison.Ordinal) ? path[1..] : "." + path)}";

    private static bool EnablesInEarlierStep(ParsedRecipe recipe, int index, string moduleId) =>
        recipe.Steps.Take(index).Any(s =>
            s["name"]?.GetValueKind() == JsonValueKind.String && s["name"]!.GetValue<string>() == "modules" &&
            s["enable"] is JsonArray enable &&
            enable.Any(e => e?.GetValueKind() == JsonValueKind.String && string.Equals(e.GetValue<string>(), moduleId, StringComparison.OrdinalIgnoreCase)));

    private static (ParsedRecipe? Recipe, List<RecipeError> Errors) Parse(string json, IReadOnlyDictionary<string, string>? overrides)
    {
        var (root, notAnObject) = ReadObject(json);
        if (root is null)
        {
            return (null, [notAnObject!]);
        }

        var errors = new List<RecipeError>();
        foreach (var member in root.Select(p => p.Key).Where(k => k is not ("name" or "description" or "demo" or "variables" or "steps")))
        {
            errors.Add(new RecipeError(null, null, $"$.{member}", "Unknown member; a recipe has name, description, demo, variables and steps."));
        }

        var demo = ReadDemo(root, errors);
        string? name = root["name"]?.GetValueKind() == JsonValueKind.String ? root["name"]!.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new RecipeError(null, null, "$.name", "A recipe needs a name (a non-empty string)."));
        }

        if (root["description"] is { } description && description.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new RecipeError(null, null, "$.description", "The description must be a string."));
        }

        var variables = ReadVariables(root, overrides, errors);
        if (root["steps"] is not JsonArray steps)
        {
            errors.Add(new RecipeError(null, null, "$.steps", "A recipe needs steps (an array)."));
            return (null, errors);
        }

        var stepObjects = ReadSteps(steps, variables, errors);
        if (errors.Count > 0 && (name is null || stepObjects.Count != steps.Count))
        {
            return (null, errors);
        }

        return (new ParsedRecipe(name!, stepObjects, variables, root.ToJsonString(), demo), errors);
    }

    /// <summary>The recipe's JSON object, or why the text is not one.</summary>
    private static (JsonObject? Root, RecipeError? Error) ReadObject(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) is JsonObject parsed
                ? (parsed, null)
                : (null, new RecipeError(null, null, "$", "A recipe is a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, new RecipeError(null, null, ex.Path ?? "$", $"The recipe is not valid JSON (line {ex.LineNumber + 1})."));
        }
    }

    private static bool ReadDemo(JsonObject root, List<RecipeError> errors)
    {
        if (root["demo"] is not { } demoNode)
        {
            return false;
        }

        if (demoNode.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return demoNode.GetValue<bool>();
        }

        errors.Add(new RecipeError(null, null, "$.demo", "demo must be true or false."));
        return false;
    }

    /// <summary>The recipe's variables, with the operator's overrides over them.</summary>
    private static Dictionary<string, string> ReadVariables(JsonObject root, IReadOnlyDictionary<string, string>? overrides, List<RecipeError> errors)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["variables"] is { } vars)
        {
            if (vars is not JsonObject varsObject)
            {
                errors.Add(new RecipeError(null, null, "$.variables", "Variables must be an object of strings."));
            }
            else
            {
                foreach (var (key, value) in varsObject)
                {
                    if (value?.GetValueKind() != JsonValueKind.String)
                    {
                        errors.Add(new RecipeError(null, null, $"$.variables.{key}", "A variable's value must be a string."));
                        continue;
                    }

                    variables[key] = value.GetValue<string>();
                }
            }
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>The steps that are objects, with variables put in.</summary>
    private static List<JsonObject> ReadSteps(JsonArray steps, IReadOnlyDictionary<string, string> variables, List<RecipeError> errors)
    {
        var stepObjects = new List<JsonObject>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not JsonObject step)
            {
                errors.Add(new RecipeError(i, null, $"$.steps[{i}]", "A step must be an object with a name."));
                continue;
            }

            Substitute(step, variables, $"$.steps[{i}]", i, errors);
            stepObjects.Add(step);
        }

        return stepObjects;
    }

    private static void Substitute(JsonNode node, IReadOnlyDictionary<string, string> variables, string path, int step, List<RecipeError> errors)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        obj[key] = Replace(value.GetValue<string>(), variables, $"{path}.{key}", step, errors);
                    }
                    else if (obj[key] is { } child)
                    {
                        Substitute(child, variables, $"{path}.{key}", step, errors);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                    {
                        array[i] = Replace(value.GetValue<string>(), variables, $"{path}[{i}]", step, errors);
                    }
                    else if (array[i] is { } child)
                    {
                        Substitute(child, variables, $"{path}[{i}]", step, errors);
                    }
                }

                break;
        }
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> variables, string path, int step, List<RecipeError> errors) =>
        VariablePattern().Replace(text, m =>
        {
            if (variables.TryGetValue(m.Groups[1].Value, out var value))
            {
                return value;
            }

            errors.Add(new RecipeError(step, null, path, $"Unknown variable '{m.Groups[1].Value}'."));
            return m.Value;
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex VariablePattern();

    private sealed record PlannedStep(int Index, IRecipeStep Handler, JsonObject Step);

    private sealed record ParsedRecipe(string Name, List<JsonObject> Steps, IReadOnlyDictionary<string, string> Variables, string Canonical, bool Demo);
}
