using Accreditation.Core.Modules;
using Accreditation.Core.Privacy;
using Accreditation.Privacy.Data;
using Accreditation.Privacy.Requests;
using Accreditation.Privacy.Tests.Support;
using Accreditation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Accreditation.Privacy.Tests;

/// <summary>
/// Two rounds on one copy, as two nodes can run them: the first round's lease runs out while it is still gathering the
/// person's data, a second round takes the request over and finishes it; when the first round finally stores its copy
/// it finds its lease gone and removes its own copy, never the one the person is told to download.
/// </summary>
public sealed class CopyRoundTests(CopyRoundTests.GatedSite site) : IClassFixture<CopyRoundTests.GatedSite>
{
    [Fact]
    public async Task A_round_whose_lease_ran_out_leaves_the_copy_the_next_round_made_and_only_that_copy_remains()
    {
        var email = $"copy-rounds-{Guid.NewGuid():N}@example.gov.uk";
        var person = await site.CreatePersonAsync(email);
        var asked = await site.WithScopeAsync(sp => sp.GetRequiredService<PrivacyRequests>().AskForCopyAsync(person, person, default));
        var request = asked.Request!.Id;
        var gate = site.Services.GetRequiredService<Gate>();
        gate.Hold(person);

        // The first round claims the request and stops inside the export, as a slow node would.
        var first = site.AnswerRequestsAsync();
        try
        {
            await RaceAsync(first, request, person, gate);
        }
        finally
        {
            gate.Release(); // a failed assertion must not leave the first round waiting
        }
    }

    private async Task RaceAsync(Task<RequestRound> first, Guid request, string person, Gate gate)
    {
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Its lease runs out; a second round takes the request over and makes the copy.
        site.Clock.Advance(PrivacyRequestProcessor.Lease + TimeSpan.FromMinutes(1));
        var second = await site.AnswerRequestsAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, second.Copies);
        var ready = await Row(request);
        Assert.Equal(PrivacyRequestState.Ready, ready.State);

        // The first round goes on, stores its copy, finds its lease gone and removes what it stored.
        gate.Release();
        var late = await first.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, late.Failed);

        var copies = site.Services.GetRequiredService<PrivacyCopyStore>().List(PrivacyRequests.CopyPrefix(request));
        Assert.Equal([PrivacyRequests.CopyName(ready)], copies.Select(c => c.Name));
        var downloaded = await site.WithScopeAsync(sp => sp.GetRequiredService<PrivacyRequests>().OpenCopyAsync(request, person, default));
        Assert.NotNull(downloaded);
        await using (var file = downloaded.Value.File)
        {
            Assert.NotNull(file);
            Assert.Equal(ready.Length, file.Length);
        }

        Assert.Equal(PrivacyRequestState.Downloaded, (await Row(request)).State);
    }

    private Task<PrivacyRequest> Row(Guid id) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<Core.Data.AccreditationDbContext>().Set<PrivacyRequest>().AsNoTracking().SingleAsync(r => r.Id == id));

    /// <summary>The privacy test site with one more personal-data provider, whose export can be held for one person.</summary>
    public sealed class GatedSite : PrivacySite
    {
        /// <inheritdoc />
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<Gate>();
                services.AddSingleton<GatedProvider>();
                services.AddSingleton(new PersonalDataRegistration(ModuleHost.CoreModuleId, typeof(GatedProvider)));
            });
        }
    }

    /// <summary>Holds the next export for one person until released.</summary>
    public sealed class Gate
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? held;

        /// <summary>Completed when an export for the held person is waiting at the gate.</summary>
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Holds the next export for the person.</summary>
        public void Hold(string userId) => held = userId;

        /// <summary>Lets the held export go on.</summary>
        public void Release() => released.TrySetResult();

        /// <summary>Waits here once for the held person (only the first export); every other export passes.</summary>
        public Task PassAsync(string userId)
        {
            lock (released)
            {
                if (held != userId)
                {
                    return Task.CompletedTask;
                }

                held = null;
            }

            Entered.TrySetResult();
            return released.Task;
        }
    }

    /// <summary>A provider that holds nothing and waits at the gate while exporting.</summary>
    public sealed class GatedProvider(Gate gate) : IPersonalDataProvider
    {
        /// <inheritdoc />
        public PersonalDataDeclaration Declaration { get; } = new();

        /// <inheritdoc />
        public Task ExportAsync(DataSubject subject, PersonalDataExport export, CancellationToken ct) => gate.PassAsync(subject.UserId);

        /// <inheritdoc />
        public Task PlanErasureAsync(DataSubject subject, ErasurePlan plan, CancellationToken ct) => Task.CompletedTask;

        /// <inheritdoc />
        public Task EraseAsync(DataSubject subject, ErasureRun run, CancellationToken ct) => Task.CompletedTask;
    }
}
