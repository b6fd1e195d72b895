namespace Accreditation.Portfolios.Contracts;

/// <summary>What an evidence item is.</summary>
public enum EvidenceKind
{
    /// <summary>A reflective account written by the candidate (Markdown).</summary>
    ReflectiveAccount,

    /// <summary>An uploaded document: PDF, Word (.docx), PNG or JPEG.</summary>
    Document,

    /// <summary>A record of observation or feedback from a colleague.</summary>
    Observation,
}
