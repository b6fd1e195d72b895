namespace Accreditation.Core.Time;

/// <summary>Where new ids come from, so tests can make them exact.</summary>
public interface IIdSource
{
    /// <summary>A new unique id.</summary>
    Guid NewId();
}

/// <summary>Time-ordered version 7 ids from the injected clock (good index locality on both providers).</summary>
public sealed class SequentialIdSource(TimeProvider clock) : IIdSource
{
    /// <inheritdoc />
    public Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());
}
