
namespace Accreditation.Research.Search;

/// <summary>Which items a person may see.</summary>
public enum ResearchAudience
{
    /// <summary>A visitor who is not signed in: public items.</summary>
    Public,

    /// <summary>Anyone signed in: public and staff items.</summary>
    Staff,

    /// <summary>People holding the restricted-view permission: every item.</summary>
    Restricted,
}
