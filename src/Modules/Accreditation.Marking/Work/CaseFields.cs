namespace Accreditation.Marking.Work;

/// <summary>One statement's grade and comment as a form posts it.</summary>
public sealed class CaseFields
{
    /// <summary>The statement's number.</summary>
    public int StatementNumber { get; set; }

    /// <summary>The grade (0-based level), or null.</summary>
    public int? Level { get; set; }

    /// <summary>Feedback on the statement.</summary>
    public string? Comment { get; set; }
}
