using Accreditation.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Accreditation.Privacy.Tests.Support;

/// <summary>
/// Checks the personal-data declarations against the model and the data folder: every entity type that looks like it
/// holds personal data (names, emails, free text, file references, network addresses, user ids) must be declared by a
/// provider, every declared column must exist, and every folder of the data folder must be a declared store.
/// </summary>
public static class Coverage
{
    private static readonly string[] PersonalWords =
    [
        "Name", "Email", "Address", "Ip", "UserId", "ById", "Subject", "Holder", "Owner", "Candidate", "Assessor", "Person",
        "Body", "Text", "Comment", "Note", "Reason", "Grounds", "Statement", "Rationale", "Description", "Learning", "Impact",
        "Details", "Path", "Query", "Link", "Url", "Payload", "Properties", "Recipients", "Json", "Title", "Adjustments", "Value",
    ];

    /// <summary>The columns of an entity type that look personal.</summary>
    public static IReadOnlyList<string> LooksPersonal(IEntityType entity) =>
        entity.GetProperties()
            .Where(p => (p.ClrType == typeof(string) && (PersonalWords.Any(w => p.Name.Contains(w, StringComparison.Ordinal))
                    || p.Name.EndsWith("Id", StringComparison.Ordinal) || p.GetMaxLength() is null or >= 1000))
                || ((p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)) && p.Name.EndsWith("FileId", StringComparison.Ordinal)))
            .Select(p => p.Name)
            .ToList();

    /// <summary>What is wrong: undeclared entities that look personal (named), declared columns that do not exist, declarations of types outside the model.</summary>
    public static IReadOnlyList<string> Problems(IModel model, IEnumerable<PersonalDataDeclaration> declarations)
    {
        var problems = new List<string>();
        var declared = new Dictionary<Type, DeclaredEntity>();
        foreach (var entity in declarations.SelectMany(d => d.Entities))
        {
            if (!declared.TryAdd(entity.EntityType, entity))
            {
                problems.Add($"{entity.EntityType.Name} is declared twice");
            }
        }

        var inModel = new HashSet<Type>();
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.HasSharedClrType)
            {
                // A join table of a many-to-many (ResearchItemTopics): it holds the two ids only, or it would be named here.
                if (LooksPersonal(entity).Count > 0)
                {
                    problems.Add($"{entity.Name} ({entity.GetTableName()}) looks like it holds personal data ({string.Join(", ", LooksPersonal(entity))}) but it is a shared-type entity no provider can declare");
                }

                continue;
            }

            inModel.Add(entity.ClrType);
            if (!declared.TryGetValue(entity.ClrType, out var declaration))
            {
                var personal = LooksPersonal(entity);
                if (personal.Count > 0)
                {
                    problems.Add($"{entity.ClrType.FullName} (table {entity.GetTableName()}) holds what looks like personal data ({string.Join(", ", personal)}) but no module declares it");
                }

                continue;
            }

            foreach (var column in declaration.PersonalColumns.Where(c => entity.FindProperty(c) is null))
            {
                problems.Add($"{entity.ClrType.Name} is declared with a personal column {column} that is not in the model");
            }
        }

        problems.AddRange(declared.Keys.Where(t => !inModel.Contains(t)).Select(t => $"{t.Name} is declared but is not an entity of the model"));
        return problems;
    }

    /// <summary>Folders and files directly under the data folder that no declared store covers (test artefacts left out).</summary>
    public static IReadOnlyList<string> UndeclaredStores(string dataFolder, IEnumerable<PersonalDataDeclaration> declarations, IReadOnlyCollection<string> leaveOut)
    {
        var locations = declarations.SelectMany(d => d.Stores).Select(s => s.Location).Where(l => l.Length > 0).ToList();
        return Directory.EnumerateFileSystemEntries(dataFolder)
            .Select(Path.GetFileName)
            .Where(name => !leaveOut.Contains(name!) && !locations.Any(l => name == l || name!.StartsWith(l + "-", StringComparison.Ordinal) || l.StartsWith(name + "/", StringComparison.Ordinal)))
            .Select(name => name!)
            .ToList();
    }
}

/// <summary>A table a module might add without declaring it: a note naming its author by email, with free text.</summary>
public sealed class UndeclaredNote
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }

    /// <summary>Who wrote it.</summary>
    public string AuthorEmail { get; set; } = "";

    /// <summary>What they wrote.</summary>
    public string Body { get; set; } = "";
}

/// <summary>A model holding only <see cref="UndeclaredNote"/>, to prove the coverage check names what no module declares.</summary>
public sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<UndeclaredNote>().ToTable("UndeclaredNotes");
}
