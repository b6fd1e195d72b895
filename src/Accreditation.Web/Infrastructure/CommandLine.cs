using Accreditation.Core.Modules;
using Accreditation.Core.Recipes;

namespace Accreditation.Web.Infrastructure;

/// <summary>Commands run instead of the web server: <c>recipes list</c>, <c>recipes run FILE [--allow-demo]</c>, <c>search rebuild</c>.</summary>
public static class CommandLine
{
    /// <summary>The operator's word that a demo recipe may run outside Development.</summary>
    public const string AllowDemoFlag = "--allow-demo";

    /// <summary>
    /// Separates a command (first arguments without dashes, plus <see cref="AllowDemoFlag"/>) from the web host's own
    /// arguments (--Key=value settings).
    /// </summary>
    public static (string[]? Command, string[] HostArgs) Split(string[] args)
    {
        if (args.Length > 0 && args[0] is "recipes" or "search")
        {
            var command = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            var rest = args[command.Count..];
            command.AddRange(rest.Where(a => a == AllowDemoFlag).Take(1));
            return (command.ToArray(), rest.Where(a => a != AllowDemoFlag).ToArray());
        }

        return (null, args);
    }

    /// <summary>Runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] command)
    {
        var output = Console.Out;
        switch (command)
        {
            case ["recipes", "list"]:
                {
                    var files = app.Services.GetRequiredService<RecipeFiles>();
                    foreach (var (file, name, description) in files.List())
                    {
                        await output.WriteLineAsync($"{file}\t{name}\t{description}");
                    }

                    return 0;
                }

            case ["recipes", "run", var file, .. var flags] when flags is [] or [AllowDemoFlag]:
                {
                    await app.Services.InitialiseAsync();
                    await using var scope = app.Services.CreateAsyncScope();
                    var runner = scope.ServiceProvider.GetRequiredService<RecipeRunner>();
                    var path = app.Services.GetRequiredService<RecipeFiles>().Resolve(file);
                    var result = await runner.RunFileAsync(path, allowDemo: flags is [AllowDemoFlag]);
                    if (result.Succeeded)
                    {
                        await output.WriteLineAsync($"Recipe '{result.Name}' applied.");
                        return 0;
                    }

                    await Console.Error.WriteLineAsync($"Recipe refused; nothing was applied:");
                    foreach (var error in result.Errors)
                    {
                        await Console.Error.WriteLineAsync($"  {error}");
                    }

                    return 1;
                }

            case ["search", "rebuild"]:
                {
                    await app.Services.InitialiseAsync();
                    await using var scope = app.Services.CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<Research.Indexing.IndexRebuildCommand>().RunAsync(output);
                }

            default:
                await Console.Error.WriteLineAsync($"Usage: recipes list | recipes run FILE [{AllowDemoFlag}] | search rebuild");
                return 2;
        }
    }
}
