using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Accreditation.Core.Data;

namespace Accreditation.Core.Recipes;

/// <summary>Handles one step name of a recipe; owned by one module.</summary>
public interface IRecipeStep
{
    /// <summary>The step name this handler takes, e.g. "frameworks".</summary>
    string Name { get; }

    /// <summary>Checks the step's JSON without changing anything; reports errors with JSON paths relative to the step ("$" is the step).</summary>
    void Validate(JsonObject step, RecipeErrors errors);

    /// <summary>Applies the step inside the recipe's transaction. Applying the same step twice must change nothing the second time.</summary>
    Task ApplyAsync(JsonObject step, RecipeContext context, CancellationToken ct);
}

/// <summary>
/// A step whose JSON binds to a typed record: unknown members, wrong types and missing required members are refused
/// with the JSON path, before anything is applied.
/// </summary>
public abstract class RecipeStep<TData> : IRecipeStep where TData : class
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public void Validate(JsonObject step, RecipeErrors errors)
    {
        if (TryBind(step, errors) is { } data)
        {
            Check(data, errors);
        }
    }

    /// <inheritdoc />
    public Task ApplyAsync(JsonObject step, RecipeContext context, CancellationToken ct)
    {
        var errors = new RecipeErrors();
        var data = TryBind(step, errors) ?? throw new RecipeStepException("$", (errors.All.Count > 0 ? errors.All[0].Message : null) ?? "The step is not valid.");
        return ApplyAsync(data, context, ct);
    }

    /// <summary>Checks what binding cannot (ranges, duplicates, references). Paths are relative to the step.</summary>
    protected virtual void Check(TData data, RecipeErrors errors)
    {
    }

    /// <summary>Applies the bound step.</summary>
    protected abstract Task ApplyAsync(TData data, RecipeContext context, CancellationToken ct);

    private static TData? TryBind(JsonObject step, RecipeErrors errors)
    {
        var copy = (JsonObject)step.DeepClone();
        copy.Remove("name");
        try
        {
            var data = copy.Deserialize<TData>(Strict);
            if (data is null)
            {
                errors.Add("$", "The step is empty.");
            }

            return data;
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path ?? "$", Describe(ex));
            return null;
        }
    }

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>What a step sees while it applies: the scoped services and the shared context inside the recipe's transaction.</summary>
public sealed class RecipeContext(IServiceProvider services, AccreditationDbContext db, IReadOnlyDictionary<string, string> variables, bool isDemo = false)
{
    private readonly List<Action> afterCommit = [];

    /// <summary>Services of the recipe's scope.</summary>
    public IServiceProvider Services { get; } = services;

    /// <summary>The shared context; the runner saves and commits.</summary>
    public AccreditationDbContext Db { get; } = db;

    /// <summary>The recipe's variables after overrides.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; } = variables;

    /// <summary>Whether the recipe marks itself as demo data ("demo": true): people it creates must change their shared password.</summary>
    public bool IsDemo { get; } = isDemo;

    /// <summary>Work to do only once the whole recipe has committed (cache resets).</summary>
    public void AfterCommit(Action action) => afterCommit.Add(action);

    internal IReadOnlyList<Action> CommitActions => afterCommit;
}

/// <summary>A step found, while applying, that it cannot be applied; the whole recipe is rolled back.</summary>
public sealed class RecipeStepException(string path, string message) : Exception(message)
{
    /// <summary>Path relative to the step.</summary>
    public string PathInStep { get; } = path;
}

/// <summary>A recipe step handler type and the module that owns it.</summary>
public sealed record RecipeStepRegistration(string ModuleId, Type StepType);

/// <summary>One problem found in a recipe: which step (index and name), where (JSON path) and what.</summary>
public sealed record RecipeError(int? StepIndex, string? StepName, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        StepIndex is null ? $"{Path}: {Message}" : $"Step {StepIndex} ({StepName ?? "?"}) at {Path}: {Message}";
}

/// <summary>Collects recipe errors; a step reports paths relative to itself and the runner makes them absolute.</summary>
public sealed class RecipeErrors
{
    private readonly List<RecipeError> errors = [];

    /// <summary>All errors so far.</summary>
    public IReadOnlyList<RecipeError> All => errors;

    /// <summary>Whether there are none.</summary>
    public bool IsEmpty => errors.Count == 0;

    /// <summary>Adds an error at a path relative to the current step ("$" is the step itself).</summary>
    public void Add(string path, string message) => errors.Add(new RecipeError(null, null, path, message));

    internal void AddAbsolute(RecipeError error) => errors.Add(error);
}
