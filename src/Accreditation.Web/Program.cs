using Accreditation.Core.Data;
using Accreditation.Core.Modules;
using Accreditation.Web;
using Accreditation.Web.Infrastructure;

// "cluster" runs several copies of this site behind a proxy instead of one site.
if (args is ["cluster", .. var clusterArgs])
{
    return await Accreditation.Web.Cluster.LocalCluster.RunAsync(clusterArgs);
}

// "recipes list|run FILE" are commands, not web-host arguments.
var (command, hostArgs) = CommandLine.Split(args);

var builder = WebApplication.CreateBuilder(hostArgs);
var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddModules(builder.Configuration, HostModules.All(), database);
builder.AddPlatformWeb();
builder.Services.AddHostAdmin();

var app = builder.Build();

if (command is not null)
{
    return await CommandLine.RunAsync(app, command);
}

await app.Services.InitialiseAsync();
app.UsePlatformWeb();
app.MapRazorPages();
app.MapModules();
app.MapPlatformEndpoints();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point (public so tests can host it).</summary>
public partial class Program;
