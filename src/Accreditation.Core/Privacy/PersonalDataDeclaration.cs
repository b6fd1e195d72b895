using System.Linq.Expressions;
using System.Reflection;

namespace Accreditation.Core.Privacy;

/// <summary>What erasing a person does to a kind of data.</summary>
public enum ErasureTreatment
{
    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>Kept, with the person's identity taken out (replaced by a pseudonym or emptied).</summary>
    Anonymised,

    /// <summary>Kept as it is, for a reason the plan gives (a legal hold).</summary>
    Kept,
}

/// <summary>Where, besides tables, a module keeps data.</summary>
public enum DataStoreKind
{
    /// <summary>Uploaded or generated files under the data folder.</summary>
    Files,

    /// <summary>A search index under the data folder.</summary>
    SearchIndex,

    /// <summary>Emails: the outbox and the mail pickup folder.</summary>
    Email,

    /// <summary>The audit trail.</summary>
    AuditTrail,

    /// <summary>The database itself (the SQLite file and its journal).</summary>
    Database,
}

/// <summary>
/// One entity type of the model as its module declares it: the columns holding personal data (names, emails, free
/// text, file references, network addresses, user ids), empty when it holds none, and what erasure does to it.
/// </summary>
public sealed record DeclaredEntity(Type EntityType, IReadOnlyList<string> PersonalColumns, ErasureTreatment Treatment, string Description)
{
    /// <summary>Whether the entity holds personal data at all.</summary>
    public bool HoldsPersonalData => PersonalColumns.Count > 0;
}

/// <summary>A store other than a table: a folder under the data folder, a search index, the email outbox or the audit trail.</summary>
/// <param name="Kind">What kind of store.</param>
/// <param name="Location">Its folder relative to the data folder ("portfolio-files"), or "" for a store that is not a folder.</param>
/// <param name="HoldsPersonalData">Whether it holds anyone's personal data.</param>
/// <param name="Treatment">What erasure does to the person's part of it.</param>
/// <param name="Description">What it holds, in plain words.</param>
public sealed record DeclaredStore(DataStoreKind Kind, string Location, bool HoldsPersonalData, ErasureTreatment Treatment, string Description);

/// <summary>
/// Everything a module declares about the personal data it holds: each of its entity types and each store. A test
/// walks the whole model and the data folder, and fails naming any entity or folder no module declared, so a module
/// adding a table adds a line here beside it.
/// </summary>
public sealed class PersonalDataDeclaration
{
    private readonly List<DeclaredEntity> entities = [];
    private readonly List<DeclaredStore> stores = [];

    /// <summary>The declared entity types.</summary>
    public IReadOnlyList<DeclaredEntity> Entities => entities;

    /// <summary>The declared stores.</summary>
    public IReadOnlyList<DeclaredStore> Stores => stores;

    /// <summary>Declares an entity type holding personal data in the given columns.</summary>
    public PersonalDataDeclaration Entity<T>(ErasureTreatment treatment, string description, params Expression<Func<T, object?>>[] personalColumns)
    {
        if (personalColumns.Length == 0)
        {
            throw new ArgumentException($"Name the columns of {typeof(T).Name} that hold personal data, or declare it with NoPersonalData.", nameof(personalColumns));
        }

        entities.Add(new DeclaredEntity(typeof(T), personalColumns.Select(ColumnName).ToList(), treatment, description));
        return this;
    }

    /// <summary>Declares an entity type by type and column names (for framework types such as Identity's and OpenIddict's).</summary>
    public PersonalDataDeclaration Entity(Type type, ErasureTreatment treatment, string description, params string[] personalColumns)
    {
        if (personalColumns.Length == 0)
        {
            throw new ArgumentException($"Name the columns of {type.Name} that hold personal data, or declare it with NoPersonalData.", nameof(personalColumns));
        }

        entities.Add(new DeclaredEntity(type, personalColumns, treatment, description));
        return this;
    }

    /// <summary>Declares an entity type that holds nobody's personal data, saying why.</summary>
    public PersonalDataDeclaration NoPersonalData<T>(string why) => NoPersonalData(typeof(T), why);

    /// <summary>Declares an entity type that holds nobody's personal data, saying why.</summary>
    public PersonalDataDeclaration NoPersonalData(Type type, string why)
    {
        entities.Add(new DeclaredEntity(type, [], ErasureTreatment.Kept, why));
        return this;
    }

    /// <summary>Declares a store holding personal data.</summary>
    public PersonalDataDeclaration Store(DataStoreKind kind, string location, ErasureTreatment treatment, string description)
    {
        stores.Add(new DeclaredStore(kind, location, true, treatment, description));
        return this;
    }

    /// <summary>Declares a store holding nobody's personal data, saying what it holds.</summary>
    public PersonalDataDeclaration StoreWithoutPersonalData(DataStoreKind kind, string location, string description)
    {
        stores.Add(new DeclaredStore(kind, location, false, ErasureTreatment.Kept, description));
        return this;
    }

    private static string ColumnName<T>(Expression<Func<T, object?>> column)
    {
        var body = column.Body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? convert.Operand : column.Body;
        return body is MemberExpression { Member: PropertyInfo property }
            ? property.Name
            : throw new ArgumentException($"{column} does not name a property of {typeof(T).Name}.", nameof(column));
    }
}
