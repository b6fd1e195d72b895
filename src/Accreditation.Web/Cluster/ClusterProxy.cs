using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

namespace Accreditation.Web.Cluster;

/// <summary>
/// A small load balancer for a cluster on one machine (the <c>cluster</c> command and the multi-node tests): YARP's
/// forwarder sends each request to the next node in turn (round robin, so a journey crosses nodes on every request),
/// skips nodes whose /health/ready did not answer 200 on the last check (every second), and sends a request again to
/// the next node when its node refused the connection before anything was sent (a node that has just died), as
/// nginx's proxy_next_upstream does. Request bodies are buffered so they can be sent again.
/// </summary>
public sealed class ClusterProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Uri[] nodes;
    private readonly bool[] healthy;
    private readonly CancellationTokenSource stopping = new();
    private int next = -1;

    private ClusterProxy(WebApplication app, Uri[] nodes)
    {
        this.app = app;
        this.nodes = nodes;
        healthy = nodes.Select(_ => true).ToArray();
    }

    /// <summary>Where the proxy answers.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How many requests each node was sent (index as given), for tests that a journey crossed nodes.</summary>
    public long[] Forwarded { get; private set; } = [];

    /// <summary>Starts the proxy on <paramref name="url"/> (port 0 for any free port) in front of the nodes given.</summary>
    public static async Task<ClusterProxy> StartAsync(string url, IReadOnlyList<Uri> nodes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var proxy = new ClusterProxy(app, [.. nodes]) { Forwarded = new long[nodes.Count] };
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(120) };
        app.Map("/{**path}", context => proxy.ForwardAsync(context, forwarder, client, config));
        await app.StartAsync();
        proxy.Address = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "localhost", StringComparison.Ordinal));
        _ = proxy.CheckHealthAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, IHttpForwarder forwarder, HttpMessageInvoker client, ForwarderRequestConfig config)
    {
        context.Request.EnableBuffering();
        for (var attempt = 0; attempt < nodes.Length; attempt++)
        {
            var node = PickNode();
            Interlocked.Increment(ref Forwarded[node]);
            context.Request.Body.Position = 0;
            var error = await forwarder.SendAsync(context, nodes[node].ToString().TrimEnd('/'), client, config, HttpTransformer.Default);
            if (error == ForwarderError.None)
            {
                return;
            }

            if (error != ForwarderError.Request || context.Response.HasStarted || !Refused(context.GetForwarderErrorFeature()?.Exception))
            {
                return; // the forwarder has answered 502 or 504 itself
            }

            // The node refused the connection: nothing reached it, so the request can go to the next one.
            healthy[node] = false;
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
        }
    }

    private int PickNode()
    {
        for (var i = 0; i < nodes.Length; i++)
        {
            var candidate = (int)((uint)Interlocked.Increment(ref next) % (uint)nodes.Length);
            if (healthy[candidate])
            {
                return candidate;
            }
        }

        return (int)((uint)Interlocked.Increment(ref next) % (uint)nodes.Length);
    }

    private static bool Refused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private async Task CheckHealthAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (!stopping.IsCancellationRequested)
        {
            for (var i = 0; i < nodes.Length; i++)
            {
                try
                {
                    healthy[i] = (await probe.GetAsync(new Uri(nodes[i], "/health/ready"), stopping.Token)).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception) when (!stopping.IsCancellationRequested)
                {
                    healthy[i] = false;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
