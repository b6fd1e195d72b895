using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Accreditation.Core.Data;

/// <summary>An entity people edit: saved only if nobody else saved it since it was read.</summary>
public interface IVersioned
{
    /// <summary>
    /// The row version. On PostgreSQL it is the system column xmin; on SQLite, which has no row version,
    /// the context advances it on every update. Forms carry it in a hidden field.
    /// </summary>
    uint Version { get; set; }
}

/// <summary>Configures and advances optimistic concurrency tokens for <see cref="IVersioned"/> entities.</summary>
public static class ConcurrencyTokens
{
    /// <summary>Marks every versioned entity's Version as its concurrency token.</summary>
    public static void Configure(ModelBuilder builder, bool postgreSql)
    {
        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            var property = builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version));
            if (postgreSql)
            {
                property.IsRowVersion(); // Npgsql maps a uint row version to xmin
            }
            else
            {
                property.IsConcurrencyToken();
            }
        }
    }

    /// <summary>Advances the token of every modified versioned entity (SQLite only).</summary>
    public static void Advance(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version = unchecked(entry.Entity.Version + 1);
        }
    }
}
