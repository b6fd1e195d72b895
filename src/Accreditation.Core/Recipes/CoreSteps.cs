using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Core.Recipes;

/// <summary>The "modules" step: enables and disables composed modules.</summary>
public sealed class ModulesStep(ModuleState state, ComposedModules modules) : RecipeStep<ModulesStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyList<string>? Enable = null, IReadOnlyList<string>? Disable = null);

    /// <inheritdoc />
    public override string Name => "modules";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        for (var i = 0; i < (data.Enable?.Count ?? 0); i++)
        {
            if (!modules.IsComposed(data.Enable![i]))
            {
                errors.Add($"$.enable[{i}]", $"Module '{data.Enable[i]}' is not part of this host.");
            }
        }

        for (var i = 0; i < (data.Disable?.Count ?? 0); i++)
        {
            if (!modules.IsComposed(data.Disable![i]))
            {
                errors.Add($"$.disable[{i}]", $"Module '{data.Disable[i]}' is not part of this host.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var errors = await state.ChangeAsync(context.Db, data.Enable ?? [], data.Disable ?? [], ct);
        if (errors.Count > 0)
        {
            throw new RecipeStepException("$", string.Join(" ", errors));
        }

        state.Reset();
        context.Db.Announce(Cluster.ChangeTopics.Modules);
        context.AfterCommit(state.Reset);
    }
}

/// <summary>The "settings" step: sets site-wide settings (key to string value).</summary>
public sealed class SettingsStep : RecipeStep<SettingsStep.Data>
{
    /// <summary>Step data.</summary>
    public sealed record Data(IReadOnlyDictionary<string, string> Settings);

    /// <inheritdoc />
    public override string Name => "settings";

    /// <inheritdoc />
    protected override void Check(Data data, RecipeErrors errors)
    {
        foreach (var (key, value) in data.Settings)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
            {
                errors.Add($"$.settings", "Setting keys must be 1 to 200 characters.");
            }

            if (value.Length > 4000)
            {
                errors.Add($"$.settings.{key}", "A setting's value must be at most 4000 characters.");
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ApplyAsync(Data data, RecipeContext context, CancellationToken ct)
    {
        var existing = await context.Db.SiteSettings.ToDictionaryAsync(s => s.Key, ct);
        foreach (var (key, value) in data.Settings)
        {
            if (existing.TryGetValue(key, out var setting))
            {
                if (setting.Value != value)
                {
                    setting.Value = value;
                }
            }
            else
            {
                context.Db.SiteSettings.Add(new SiteSetting { Key = key, Value = value });
            }
        }

        var cache = context.Services.GetRequiredService<SiteSettings>();
        context.Db.Announce(Cluster.ChangeTopics.Settings);
        context.AfterCommit(cache.Reset);
    }
}
