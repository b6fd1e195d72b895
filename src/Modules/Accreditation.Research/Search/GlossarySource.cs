using Accreditation.Core.Data;
using Accreditation.Core.Security;
using Accreditation.Research.Indexing;
using Accreditation.Research.Library;
using Accreditation.Research.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Research.Search;

/// <summary>The glossary as the database holds it, cached for half a minute (so edits on another node arrive soon).</summary>
public sealed class GlossarySource(IServiceScopeFactory scopes, ResearchIndex index, TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private (Glossary Glossary, DateTimeOffset LoadedAt)? cached;

    /// <summary>The current glossary.</summary>
    public Glossary Current
    {
        get
        {
            var snapshot = cached;
            if (snapshot is { } c && clock.GetUtcNow() - c.LoadedAt < Lifetime)
            {
                return c.Glossary;
            }

            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AccreditationDbContext>();
            var lines = db.Set<GlossaryEntry>().AsNoTracking().Select(g => g.Terms).ToList();
            var glossary = new Glossary(lines.Select(Glossary.Split), index.Analyzer);
            cached = (glossary, clock.GetUtcNow());
            return glossary;
        }
    }

    /// <summary>The change topic announced with every glossary edit, so every node forgets its copy.</summary>
    public const string Topic = "research-glossary";

    /// <summary>Forgets the cached glossary (after an edit on this node, or another node's edit seen by its counter).</summary>
    public void Reset() => cached = null;
}
