using System.Collections.Concurrent;
using Accreditation.Core.Cluster;
using Accreditation.Core.Modules;
using Accreditation.Core.Time;
using Accreditation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Accreditation.Cluster.Tests;

/// <summary>
/// Background tasks that must not run on two nodes at once run under a lease in the shared database: one node holds it
/// and renews it; another takes it over only when it has run out (the holder died) or was given back.
/// </summary>
public sealed class TaskLeaseTests(PlatformFactory site) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task A_lease_is_held_by_one_node_and_taken_over_only_when_it_runs_out_or_is_given_back()
    {
        var clock = new FakeTimeProvider(site.Clock.GetUtcNow());
        var first = Leases(clock);
        var second = Leases(clock);
        var name = "test:" + Guid.NewGuid().ToString("N");
        var lease = TimeSpan.FromMinutes(2);

        Assert.True(await first.TryTakeAsync(name, lease, default));
        Assert.False(await second.TryTakeAsync(name, lease, default));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await first.TryTakeAsync(name, lease, default)); // renewed: now runs out a minute later
        clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.False(await second.TryTakeAsync(name, lease, default));

        // The first node dies: nobody renews, and the lease runs out.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await second.TryTakeAsync(name, lease, default));
        Assert.False(await first.TryTakeAsync(name, lease, default));
        await first.ReleaseAsync(name, default); // not the holder: changes nothing
        Assert.False(await first.TryTakeAsync(name, lease, default));

        await second.ReleaseAsync(name, default);
        Assert.True(await first.TryTakeAsync(name, lease, default));
    }

    [Fact]
    public async Task Of_two_nodes_only_the_holder_runs_a_task_and_the_other_takes_it_over_when_the_holder_stops_renewing()
    {
        var start = site.Clock.GetUtcNow();
        var clockA = new FakeTimeProvider(start);
        var clockB = new FakeTimeProvider(start);
        var runs = new ConcurrentQueue<(string Node, DateTimeOffset At)>();
        var a = new BackgroundTaskRunner(ModuleHost.CoreModuleId, new CountingTask("A", clockA, runs), Node(clockA));
        var b = new BackgroundTaskRunner(ModuleHost.CoreModuleId, new CountingTask("B", clockB, runs), Node(clockB));
        try
        {
            await a.StartAsync(default);
            await AdvanceUntilAsync([clockA, clockB], () => !runs.IsEmpty);
            await b.StartAsync(default);

            // Both nodes' clocks move for four rounds: only the node that took the lease first runs them.
            await AdvanceUntilAsync([clockA, clockB], () => runs.Count(r => r.Node == "A") >= 4);
            Assert.All(runs, r => Assert.Equal("A", r.Node));

            // A stops renewing (its process hangs or dies): its clock stops. B is refused until A's lease (interval +
            // 60 s grace from A's last round) runs out, then runs every round.
            var lastOfA = runs.Last().At;
            await AdvanceUntilAsync([clockB], () => runs.Any(r => r.Node == "B"));
            var takeover = runs.First(r => r.Node == "B");
            Assert.True(takeover.At >= lastOfA + CountingTask.Every + TimeSpan.FromSeconds(60), $"B ran at {takeover.At}, before A's lease ran out");
            Assert.True(takeover.At <= lastOfA + CountingTask.Every * 3 + TimeSpan.FromSeconds(60), $"B ran at {takeover.At}, long after A's lease ran out");
            await AdvanceUntilAsync([clockB], () => runs.Count(r => r.Node == "B") >= 2);
            Assert.Equal(runs.Count, runs.DistinctBy(r => (r.Node, r.At)).Count());
        }
        finally
        {
            await a.StopAsync(default);
            await b.StopAsync(default);
        }
    }

    private TaskLeases Leases(TimeProvider clock) =>
        new(site.Services.GetRequiredService<IServiceScopeFactory>(), new NodeIdentity(site.Services.GetRequiredService<IIdSource>()), clock);

    // A node: the site's services, with its own clock and its own name for leases.
    private OverridingServices Node(FakeTimeProvider clock) =>
        new(site.Services, new Dictionary<Type, object> { [typeof(TimeProvider)] = clock, [typeof(TaskLeases)] = Leases(clock) });

    // Moves the clocks on a second at a time (a runner registers its wait after its round, so one big step could
    // land before it) until the condition holds.
    private static async Task AdvanceUntilAsync(FakeTimeProvider[] clocks, Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "Timed out waiting for a background round.");
            foreach (var clock in clocks)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(15);
        }
    }

    private sealed class CountingTask(string node, TimeProvider clock, ConcurrentQueue<(string, DateTimeOffset)> runs) : IBackgroundTask
    {
        public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

        public TimeSpan Interval => Every;

        public Task RunAsync(IServiceProvider services, CancellationToken ct)
        {
            runs.Enqueue((node, clock.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    private sealed class OverridingServices(IServiceProvider inner, IReadOnlyDictionary<Type, object> overrides) : IServiceProvider
    {
        public object? GetService(Type serviceType) => overrides.TryGetValue(serviceType, out var service) ? service : inner.GetService(serviceType);
    }
}
