using System.Text.RegularExpressions;
using Accreditation.Frameworks.Data;

namespace Accreditation.Frameworks.Documents;

/// <summary>What makes a framework document acceptable, beyond its JSON types; shared by the recipe step and the import page.</summary>
public static partial class FrameworkDocumentRules
{
    /// <summary>Checks a bound document; reports paths under <paramref name="prefix"/> ("$" for a whole file).</summary>
    public static void Check(FrameworkDocument document, string prefix, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(document.Key))
        {
            error($"{prefix}.key", "Enter a key, for example practice-leader.");
        }
        else if (document.Key.Length > FrameworksModel.KeyLength || !KeyPattern().IsMatch(document.Key))
        {
            error($"{prefix}.key", $"The key must be lowercase letters and digits separated by single hyphens, at most {FrameworksModel.KeyLength} characters.");
        }

        Text(document.Name, $"{prefix}.name", "Enter the framework's name.", FrameworksModel.TitleLength, error);
        if (document.Description.Length > FrameworksModel.DescriptionLength)
        {
            error($"{prefix}.description", $"The description must be {FrameworksModel.DescriptionLength:N0} characters or fewer.");
        }

        if (document.Version < 1)
        {
            error($"{prefix}.version", "The version must be a whole number from 1 upwards.");
        }

        if (document.Statements.Count == 0)
        {
            error($"{prefix}.statements", "A framework version needs at least one statement.");
        }
        else if (document.Statements.Count > FrameworksModel.MaxStatements)
        {
            error($"{prefix}.statements", $"A framework version can have at most {FrameworksModel.MaxStatements} statements.");
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < document.Statements.Count; i++)
        {
            var statement = document.Statements[i];
            var path = $"{prefix}.statements[{i}]";
            if (statement.Number < 1)
            {
                error($"{path}.number", "A statement number must be a whole number from 1 upwards.");
            }
            else if (!seen.Add(statement.Number))
            {
                error($"{path}.number", $"Statement number {statement.Number} is used more than once.");
            }

            Text(statement.Title, $"{path}.title", $"Enter a title for statement {statement.Number}.", FrameworksModel.TitleLength, error);
            Text(statement.Description, $"{path}.description", $"Enter a description for statement {statement.Number}.", FrameworksModel.DescriptionLength, error);
        }
    }

    private static void Text(string value, string path, string missing, int max, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            error(path, missing);
        }
        else if (value.Length > max)
        {
            error(path, $"This must be {max:N0} characters or fewer.");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
