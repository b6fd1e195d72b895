using System.Data.Common;
using System.Net;
using Accreditation.Core.Diagnostics;
using Accreditation.Testing;
using Accreditation.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.IntegrationTests.Security;

/// <summary>The site plus, for this test only, an address whose handling fails with an unhandled exception.</summary>
public sealed class SiteWithAFailingAddress : PlatformFactory
{
    /// <summary>The failing address.</summary>
    public const string FailingPath = "/test/unhandled-failure";

    /// <summary>An address whose handling fails as if the database were out of reach.</summary>
    public const string OutagePath = "/test/database-outage";

    /// <summary>What the exception says; it must never reach the browser.</summary>
    public const string Secret = "connection string Password=hunter2 leaked by the failure";

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingAddress>());
    }

    /// <summary>
    /// Added after the site's own pipeline, so the request has gone through the exception handler, authentication
    /// and authorization like any page, and the failure travels back through them.
    /// </summary>
    private sealed class FailingAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(FailingPath, failing => failing.Run(_ => throw new InvalidOperationException(Secret)));
            app.Map(OutagePath, failing => failing.Run(_ => throw new InvalidOperationException("The query failed.", new UnreachableDatabase())));
        };
    }
}

/// <summary>What a provider throws when the server cannot be reached: transient, as Npgsql's and SQLite's busy errors say.</summary>
public sealed class UnreachableDatabase() : DbException("Failed to connect to the database server.")
{
    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>An unhandled exception shows the generic error page with a reference that is also in the server log.</summary>
public sealed class ErrorPageTests(SiteWithAFailingAddress site) : IClassFixture<SiteWithAFailingAddress>
{
    [Fact]
    public async Task An_unhandled_exception_shows_a_500_page_with_a_correlation_id_and_no_detail_of_the_failure()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var response = await client.GetAsync(SiteWithAFailingAddress.FailingPath);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        var page = Pages.Parse(html);
        Assert.Equal("Sorry, there is a problem with the service", page.QuerySelector("h1")?.TextContent.Trim());
        var correlationId = page.QuerySelector("#correlation-id")?.TextContent.Trim();
        Assert.Matches("^[0-9a-f]{32}$", correlationId);
        Assert.DoesNotContain("hunter2", html, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_log_entry_of_the_failure_carries_the_id_shown_on_the_page()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();

        var page = Pages.Parse(await (await client.GetAsync(SiteWithAFailingAddress.FailingPath)).Content.ReadAsStringAsync());
        var correlationId = page.QuerySelector("#correlation-id")!.TextContent.Trim();

        var entries = site.ServerLog.Entries.Where(e => e.Scopes.TryGetValue(Correlation.ScopeKey, out var id) && Equals(id, correlationId)).ToList();
        var failure = Assert.Single(entries, e => e.Level == LogLevel.Error && e.Category == "Accreditation.Web.Pages.ErrorModel");
        Assert.Equal(SiteWithAFailingAddress.Secret, failure.Exception?.Message);
        Assert.Equal(correlationId, failure.Values["CorrelationId"]);
        Assert.Equal(correlationId, failure.Scopes["TraceId"]?.ToString());
    }

    [Fact]
    public async Task Every_log_entry_written_while_handling_a_request_carries_that_requests_correlation_id()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        await client.GetAsync(SiteWithAFailingAddress.FailingPath);

        var ofTheRequest = site.ServerLog.Entries
            .Where(e => e.Scopes.TryGetValue("RequestPath", out var path) && Equals(path, SiteWithAFailingAddress.FailingPath))
            .ToList();

        Assert.NotEmpty(ofTheRequest);
        Assert.All(ofTheRequest, e =>
        {
            var id = Assert.IsType<string>(e.Scopes[Correlation.ScopeKey]);
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.Equal(id, e.Scopes["TraceId"]?.ToString());
        });
    }

    [Fact]
    public async Task An_unreachable_database_answers_503_and_is_logged_once_a_minute_with_how_many_failed_between()
    {
        var client = site.CreateBrowserLikeClient();
        await client.SignInAsAdminAsync();
        List<LogRecord> OutageEntries() => site.ServerLog.Entries
            .Where(e => e.Category == "Accreditation.Web.Pages.ErrorModel" && e.Level == LogLevel.Error && e.Exception?.InnerException is UnreachableDatabase)
            .ToList();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync(SiteWithAFailingAddress.OutagePath);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("60", response.Headers.RetryAfter?.ToString());
            Assert.Contains("Sorry, the service is unavailable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The first failure of the outage is logged in full; the next two within the minute are not.
        var first = Assert.Single(OutageEntries());
        Assert.Equal(0, Convert.ToInt32(first.Values["NotLogged"], System.Globalization.CultureInfo.InvariantCulture));

        site.Clock.Advance(DatabaseOutageLog.Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(SiteWithAFailingAddress.OutagePath)).StatusCode);

        var entries = OutageEntries();
        Assert.Equal(2, entries.Count);
        Assert.Equal(2, Convert.ToInt32(entries[1].Values["NotLogged"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
