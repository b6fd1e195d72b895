using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Accreditation.Testing;

/// <summary>
/// Gives every test request a client address, as a real server always has one (the in-memory test server leaves it
/// empty): the address in the <see cref="Header"/> request header, or <see cref="Default"/>.
/// </summary>
public sealed class TestClientAddress : IStartupFilter
{
    /// <summary>The request header a test sets to choose its client address.</summary>
    public const string Header = "X-Test-Client-Address";

    /// <summary>The address of requests that do not choose one.</summary>
    public static readonly IPAddress Default = IPAddress.Parse("192.0.2.10");

    /// <inheritdoc />
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress =
                context.Request.Headers.TryGetValue(Header, out var chosen) && IPAddress.TryParse(chosen, out var address) ? address : Default;
            context.Request.Headers.Remove(Header);
            return nextMiddleware(context);
        });
        next(app);
    };
}
