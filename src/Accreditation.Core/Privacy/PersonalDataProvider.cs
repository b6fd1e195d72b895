namespace Accreditation.Core.Privacy;

/// <summary>
/// A module's part in the personal-data lifecycle (compare Moodle's privacy providers): it declares what it holds,
/// exports one person's data, says what erasing them would do, and erases or anonymises it honouring legal holds.
/// Register with <c>module.AddPersonalData&lt;T&gt;()</c>; <see cref="PersonalDataProviders"/> composes them.
/// </summary>
public interface IPersonalDataProvider
{
    /// <summary>The module's entity types and stores, and the personal data in each.</summary>
    PersonalDataDeclaration Declaration { get; }

    /// <summary>Adds everything the module holds about the person to the export (data as JSON sections, and files).</summary>
    Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct);

    /// <summary>
    /// Adds to the plan what erasing the person would delete, anonymise and keep (and why), any legal hold that blocks
    /// part of it, and the person's record ids other modules should scrub too. Changes nothing.
    /// </summary>
    Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct);

    /// <summary>
    /// Erases the person's data as the plan says, leaving what the plan holds. Runs inside the erasure's transaction on
    /// the scope's context (do not commit); files are removed through <see cref="ErasureRun.AfterCommit"/>.
    /// </summary>
    Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct);
}

/// <summary>The person a subject access request or an erasure is about.</summary>
public sealed class DataSubject
{
    /// <summary>Prefix of every pseudonym, so a replaced id is recognisable as one.</summary>
    public const string PseudonymPrefix = "erased-";

    /// <summary>The person's user id.</summary>
    public required string UserId { get; init; }

    /// <summary>Their email address, when known.</summary>
    public string? Email { get; init; }

    /// <summary>Their name, when known.</summary>
    public string? DisplayName { get; init; }

    /// <summary>
    /// What replaces the person's user id in records that are kept (the audit trail, anonymised answers, held awards),
    /// e.g. "erased-7KQ2M9XD4P": the same within one erasure, linked to nothing else.
    /// </summary>
    public required string Pseudonym { get; init; }
}

/// <summary>Keys of legal holds that several modules recognise.</summary>
public static class ErasureHolds
{
    /// <summary>A portfolio (enrolment) whose marking or appeal is in progress: none of its case may be erased yet.</summary>
    public static string Enrolment(Guid enrolmentId) => $"enrolment:{enrolmentId:N}";

    /// <summary>Work allocated to the person that must be finished or passed on first.</summary>
    public const string AllocatedWork = "allocated-work";

    /// <summary>The person is the only active platform admin: without them nobody could run the site.</summary>
    public const string OnlyPlatformAdmin = "only-platform-admin";
}

/// <summary>What a plan line says will happen.</summary>
public enum ErasurePlanAction
{
    /// <summary>Deleted.</summary>
    Delete,

    /// <summary>Kept without the person's identity.</summary>
    Anonymise,

    /// <summary>Kept as it is, for the reason given.</summary>
    Keep,

    /// <summary>Not erased yet: a legal hold (marking or an appeal in progress) blocks it until it ends.</summary>
    Held,
}

/// <summary>One line of an erasure plan.</summary>
/// <param name="ModuleId">The module that holds the data.</param>
/// <param name="ModuleName">Its name as people read it.</param>
/// <param name="Action">What happens.</param>
/// <param name="What">What it is, in plain words ("CPD records").</param>
/// <param name="Count">How many.</param>
/// <param name="Why">Why it is kept, anonymised or held; null for a plain deletion.</param>
/// <param name="HoldKey">For a held line, the key of its hold.</param>
public sealed record ErasurePlanLine(string ModuleId, string ModuleName, ErasurePlanAction Action, string What, int Count, string? Why, string? HoldKey = null);

/// <summary>
/// What erasing one person would do, built by every provider before anything runs: shown to whoever asks for the
/// erasure, stored with the request, and made again when the erasure runs (holds may have ended or begun meanwhile).
/// </summary>
public sealed class ErasurePlan
{
    private readonly List<ErasurePlanLine> lines = [];
    private readonly HashSet<string> holds = new(StringComparer.Ordinal);
    private readonly HashSet<string> identifiers = new(StringComparer.Ordinal);
    private (string Id, string Name) module = ("", "");

    /// <summary>Every line, in module order.</summary>
    public IReadOnlyList<ErasurePlanLine> Lines => lines;

    /// <summary>The keys of the legal holds found.</summary>
    public IReadOnlyCollection<string> Holds => holds;

    /// <summary>Whether any legal hold blocks part of the erasure.</summary>
    public bool HasHolds => holds.Count > 0;

    /// <summary>
    /// Ids of the person's records (portfolios, submissions) besides their user id: kept records (the audit trail)
    /// have these replaced as well, so nothing kept points back at them.
    /// </summary>
    public IReadOnlyCollection<string> Identifiers => identifiers;

    /// <summary>
    /// Takes holds found by an earlier pass as known (the composer plans twice, so a module planned before the module
    /// that holds its records already sees the hold).
    /// </summary>
    public void Assume(IEnumerable<string> holdKeys)
    {
        foreach (var key in holdKeys)
        {
            holds.Add(key);
        }
    }

    /// <summary>Sets the module the next lines belong to (the composer does this).</summary>
    public void BeginModule(string moduleId, string moduleName) => module = (moduleId, moduleName);

    /// <summary>Says that <paramref name="count"/> of something will be deleted (nothing is said for none).</summary>
    public void Delete(string what, int count) => Add(ErasurePlanAction.Delete, what, count, null);

    /// <summary>Says that <paramref name="count"/> of something will be kept without the person's identity, and why.</summary>
    public void Anonymise(string what, int count, string why) => Add(ErasurePlanAction.Anonymise, what, count, why);

    /// <summary>Says that <paramref name="count"/> of something will be kept as it is, and why.</summary>
    public void Keep(string what, int count, string why) => Add(ErasurePlanAction.Keep, what, count, why);

    /// <summary>Says that something is held (not erased) until a hold ends, and why; the providers leave it alone.</summary>
    public void Hold(string key, string what, string why)
    {
        holds.Add(key);
        lines.Add(new ErasurePlanLine(module.Id, module.Name, ErasurePlanAction.Held, what, 1, why, key));
    }

    /// <summary>Whether a hold with this key was found.</summary>
    public bool IsHeld(string key) => holds.Contains(key);

    /// <summary>Adds ids of the person's records that kept records must not point back to.</summary>
    public void Identify(params IEnumerable<string> ids)
    {
        foreach (var id in ids.Where(i => !string.IsNullOrWhiteSpace(i)))
        {
            identifiers.Add(id);
        }
    }

    private void Add(ErasurePlanAction action, string what, int count, string? why)
    {
        if (count > 0)
        {
            lines.Add(new ErasurePlanLine(module.Id, module.Name, action, what, count, why));
        }
    }
}

/// <summary>One erasure as it runs: its fresh plan (with the holds to honour), what was done, and work after the commit.</summary>
public sealed class ErasureRun(ErasurePlan plan)
{
    private readonly List<Action> afterCommit = [];
    private readonly List<string> done = [];

    /// <summary>The plan made when the erasure started.</summary>
    public ErasurePlan Plan { get; } = plan;

    /// <summary>What was done, one line per step ("Deleted 3 CPD records").</summary>
    public IReadOnlyList<string> Done => done;

    /// <summary>Whether the hold with this key blocks its records.</summary>
    public bool IsHeld(string key) => Plan.IsHeld(key);

    /// <summary>Records a step that was done (nothing is recorded for none).</summary>
    public void Record(string what, int count)
    {
        if (count > 0)
        {
            done.Add($"{what}: {count}");
        }
    }

    /// <summary>Work to do once the erasure's transaction has committed (removing files), never before.</summary>
    public void AfterCommit(Action action) => afterCommit.Add(action);

    /// <summary>The work to do after the commit.</summary>
    public IReadOnlyList<Action> AfterCommitActions => afterCommit;
}

/// <summary>A file in an export: where it goes in the ZIP and how to read it.</summary>
/// <param name="Path">Its path in the module's folder of the ZIP ("evidence/plan.pdf").</param>
/// <param name="Description">What it is.</param>
/// <param name="Open">Opens the stored file, or null when it is missing.</param>
public sealed record ExportFile(string Path, string Description, Func<Stream?> Open);

/// <summary>One module's part of an export.</summary>
public sealed class ModuleExport(string moduleId, string moduleName)
{
    /// <summary>The module id.</summary>
    public string ModuleId { get; } = moduleId;

    /// <summary>The module's name as people read it.</summary>
    public string ModuleName { get; } = moduleName;

    /// <summary>Named sections of data (lists and objects), written as the module's JSON document.</summary>
    public Dictionary<string, object?> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>The files.</summary>
    public List<ExportFile> Files { get; } = [];
}

/// <summary>Everything every module holds about one person, gathered for a subject access request.</summary>
public sealed class PersonalDataExport
{
    private readonly List<ModuleExport> modules = [];

    /// <summary>Each module's part, in module order (modules that hold nothing about the person are left out).</summary>
    public IReadOnlyList<ModuleExport> Modules => modules.Where(m => m.Sections.Count > 0 || m.Files.Count > 0).ToList();

    private ModuleExport Current => modules.Count > 0 ? modules[^1] : throw new InvalidOperationException("No module is exporting.");

    /// <summary>Starts the part of a module (the composer does this).</summary>
    public void BeginModule(string moduleId, string moduleName) => modules.Add(new ModuleExport(moduleId, moduleName));

    /// <summary>Adds a section of data (plain objects, lists, records; serialised to JSON). Nothing and empty lists are left out.</summary>
    public void Add(string section, object? data)
    {
        if (data is null or System.Collections.ICollection { Count: 0 })
        {
            return;
        }

        Current.Sections[section] = data;
    }

    /// <summary>Adds a file under the module's folder of the ZIP.</summary>
    public void AddFile(string path, string description, Func<Stream?> open) => Current.Files.Add(new ExportFile(path, description, open));
}
