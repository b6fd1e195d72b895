using Accreditation.Core.Privacy;
using Accreditation.Frameworks.Data;

namespace Accreditation.Frameworks.Privacy;

/// <summary>The Frameworks module holds nobody's personal data: frameworks, their versions and statements are published text.</summary>
public sealed class FrameworksPersonalData : IPersonalDataProvider
{
    /// <inheritdoc />
    public PersonalDataDeclaration Declaration { get; } = new PersonalDataDeclaration()
        .NoPersonalData<Framework>("Competency frameworks")
        .NoPersonalData<FrameworkVersion>("Versions of a framework")
        .NoPersonalData<KssStatement>("The Knowledge and Skills Statements");

    /// <inheritdoc />
    public Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc />
    public Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc />
    public Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct) => Task.CompletedTask;
}
