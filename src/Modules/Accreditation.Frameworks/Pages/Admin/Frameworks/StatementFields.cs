namespace Accreditation.Frameworks.Pages.Admin.Frameworks;

/// <summary>What the statement form shows in its title and description fields.</summary>
public sealed record StatementFields(string? Title, string? Description);
