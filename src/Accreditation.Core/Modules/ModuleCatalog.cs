namespace Accreditation.Core.Modules;

/// <summary>Orders the host's modules by their dependencies and refuses a missing dependency or a cycle.</summary>
public static class ModuleCatalog
{
    /// <summary>
    /// Returns the enabled modules with every module after the modules it depends on; ties keep the host's order.
    /// </summary>
    /// <param name="modules">Every module the host knows.</param>
    /// <param name="enabledIds">The ids to compose, or null for all.</param>
    public static IReadOnlyList<ModuleStartup> Compose(IReadOnlyList<ModuleStartup> modules, IReadOnlyCollection<string>? enabledIds)
    {
        var duplicates = modules.GroupBy(m => m.Manifest.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ModuleCompositionException($"Module ids must be unique; declared more than once: {string.Join(", ", duplicates)}.");
        }

        var unknown = enabledIds?.Where(id => !modules.Any(m => string.Equals(m.Manifest.Id, id, StringComparison.OrdinalIgnoreCase))).ToList() ?? [];
        if (unknown.Count > 0)
        {
            throw new ModuleCompositionException($"Configuration enables modules the host does not have: {string.Join(", ", unknown)}.");
        }

        var selected = enabledIds is null
            ? modules.ToList()
            : modules.Where(m => enabledIds.Contains(m.Manifest.Id, StringComparer.OrdinalIgnoreCase)).ToList();
        var byId = selected.ToDictionary(m => m.Manifest.Id, StringComparer.OrdinalIgnoreCase);

        var missing = selected
            .SelectMany(m => m.Manifest.Dependencies.Where(d => !byId.ContainsKey(d)).Select(d => $"{m.Manifest.Id} needs {d}"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new ModuleCompositionException($"Missing module dependencies: {string.Join("; ", missing)}.");
        }

        var ordered = new List<ModuleStartup>();
        var state = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // false = visiting, true = done
        foreach (var module in selected)
        {
            Visit(module, new Stack<string>());
        }

        return ordered;

        void Visit(ModuleStartup module, Stack<string> path)
        {
            var id = module.Manifest.Id;
            if (state.TryGetValue(id, out var done))
            {
                if (done)
                {
                    return;
                }

                var cycle = path.Reverse().SkipWhile(p => !string.Equals(p, id, StringComparison.OrdinalIgnoreCase)).Append(id);
                throw new ModuleCompositionException($"Module dependency cycle: {string.Join(" -> ", cycle)}.");
            }

            state[id] = false;
            path.Push(id);
            foreach (var dependency in module.Manifest.Dependencies)
            {
                Visit(byId[dependency], path);
            }

            path.Pop();
            state[id] = true;
            ordered.Add(module);
        }
    }
}

/// <summary>Start-up refused because the modules cannot be composed; the message names the modules.</summary>
public sealed class ModuleCompositionException(string message) : Exception(message);
