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

        if (recipe.Demo && !allowDemo && !environment.IsDevelopment() && !configuration.GetValue<bool>(AllowDemoSetting))
        {
            return new RecipeResult(recipe.Name, [new RecipeError(null, null, "$.demo",
                $"'{recipe.Name}' is a demo recipe (people sharing one password, a platform admin, answer keys) and this site runs in " +
                $"{environment.EnvironmentName}. Demo recipes run only in Development, unless you mean it: add --allow-demo to the " +
                $"command, or set {AllowDemoSetting}=true. Nothing was applied.")]);
        }

        var errors = new List<RecipeError>(parseErrors);
        var plan = new List<(int Index, IRecipeStep Handler, JsonObject Step)>();
        var stepHandlers = registrations.GroupBy(r => r.StepType).Select(g => g.First()).ToList();
        for (var i = 0; i < recipe.Steps.Count; i++)
        {
            var step = recipe.Steps[i];
            var stepName = step["name"]?.GetValueKind() == JsonValueKind.String ? step["name"]!.GetValue<string>() : null;
            if (stepName is null)
            {
                errors.Add(new RecipeError(i, null, $"$.steps[{i}].name", "Every step needs a name (a string)."));
                continue;
            }

            var registration = stepHandlers.FirstOrDefault(r => string.Equals(((IRecipeStep)services.GetRequiredService(r.StepType)).Name, stepName, StringComparison.Ordinal));
            if (registration is null)
            {
                errors.Add(new RecipeError(i, stepName, $"$.steps[{i}].name", $"Unknown step '{stepName}'."));
                continue;
            }

            if (!modules.IsEnabled(registration.ModuleId) && !EnablesInEarlierStep(recipe, i, registration.ModuleId))
            {
                errors.Add(new RecipeError(i, stepName, $"$.steps[{i}].name", $"Step '{stepName}' belongs to module {registration.ModuleId}, which is not enabled."));
                continue;
            }

            var handler = (IRecipeStep)services.GetRequiredService(registration.StepType);
            var stepErrors = new RecipeErrors();
            handler.Validate(step, stepErrors);
            errors.AddRange(stepErrors.All.Select(e => new RecipeError(i, stepName, Absolute(i, e.Path), e.Message)));
            plan.Add((i, handler, step));
        }

        if (errors.Count > 0)
        {
            return new RecipeResult(recipe.Name, errors);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe.Canonical)));
        var context = new RecipeContext(services, db, recipe.Variables, recipe.Demo);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var (index, handler, step) in plan)
            {
                try
                {
                    await handler.ApplyAsync(step, context, ct);
                    await db.SaveChangesAsync(ct);
                }
                catch (RecipeStepException ex)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return new RecipeResult(recipe.Name, [new RecipeError(index, handler.Name, Absolute(index, ex.PathInStep), ex.Message)]);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
                {
                    await transaction.RollbackAsync(ct);
                    db.ChangeTracker.Clear();
                    return new RecipeResult(recipe.Name, [new RecipeError(index, handler.Name, $"$.steps[{index}]", $"The step could not be applied: {ex.GetBaseException().Message}")]);
                }
            }

            if (!await db.RecipeRuns.AnyAsync(r => r.Name == recipe.Name && r.ContentHash == hash, ct))
            {
                db.RecipeRuns.Add(new RecipeRun { Id = ids.NewId(), Name = recipe.Name, ContentHash = hash, AppliedAt = clock.GetUtcNow() });
                audit.Add("recipe.applied", "Recipe", recipe.Name, $"{recipe.Steps.Count} steps");
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
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

    private static string Absolute(int index, string path) =>
        path == "$" ? $"$.steps[{index}]" : $"$.steps[{index}]{(path.StartsWith("$.", StringComparison.Ordinal) || path.StartsWith("$[", StringComparison.Ordinal) ? path[1..] : "." + path)}";

    private static bool EnablesInEarlierStep(ParsedRecipe recipe, int index, string moduleId) =>
        recipe.Steps.Take(index).Any(s =>
            s["name"]?.GetValueKind() == JsonValueKind.String && s["name"]!.GetValue<string>() == "modules" &&
            s["enable"] is JsonArray enable &&
            enable.Any(e => e?.GetValueKind() == JsonValueKind.String && string.Equals(e.GetValue<string>(), moduleId, StringComparison.OrdinalIgnoreCase)));

    private static (ParsedRecipe? Recipe, List<RecipeError> Errors) Parse(string json, IReadOnlyDictionary<string, string>? overrides)
    {
        var errors = new List<RecipeError>();
        JsonObject root;
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) is not JsonObject parsed)
            {
                return (null, [new RecipeError(null, null, "$", "A recipe is a JSON object.")]);
            }

            root = parsed;
        }
        catch (JsonException ex)
        {
            return (null, [new RecipeError(null, null, ex.Path ?? "$", $"The recipe is not valid JSON (line {ex.LineNumber + 1}).")]);
        }

        foreach (var member in root.Select(p => p.Key).Where(k => k is not ("name" or "description" or "demo" or "variables" or "steps")))
        {
            errors.Add(new RecipeError(null, null, $"$.{member}", "Unknown member; a recipe has name, description, demo, variables and steps."));
        }

        var demo = false;
        if (root["demo"] is { } demoNode)
        {
            if (demoNode.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            {
                demo = demoNode.GetValue<bool>();
            }
            else
            {
                errors.Add(new RecipeError(null, null, "$.demo", "demo must be true or false."));
            }
        }

        string? name = root["name"]?.GetValueKind() == JsonValueKind.String ? root["name"]!.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new RecipeError(null, null, "$.name", "A recipe needs a name (a non-empty string)."));
        }

        if (root["description"] is { } description && description.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new RecipeError(null, null, "$.description", "The description must be a string."));
        }

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

        if (root["steps"] is not JsonArray steps)
        {
            errors.Add(new RecipeError(null, null, "$.steps", "A recipe needs steps (an array)."));
            return (null, errors);
        }

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

        if (errors.Count > 0 && (name is null || stepObjects.Count != steps.Count))
        {
            return (null, errors);
        }

        return (new ParsedRecipe(name!, stepObjects, variables, root.ToJsonString(), demo), errors);
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

    private sealed record ParsedRecipe(string Name, List<JsonObject> Steps, IReadOnlyDictionary<string, string> Variables, string Canonical, bool Demo);
}
