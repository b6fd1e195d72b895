using Accreditation.Core.Data;
using Accreditation.Frameworks.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Accreditation.Frameworks.Documents;

/// <summary>The admin download of a framework version as JSON, in the shape the import page takes back.</summary>
public static class FrameworkExport
{
    /// <summary>The address of a version's export.</summary>
    public static string UrlFor(string key, int number) => $"/admin/frameworks/{Uri.EscapeDataString(key)}/versions/{number}/export";

    /// <summary>Maps GET /admin/frameworks/{key}/versions/{number}/export (Frameworks.Manage).</summary>
    public static IEndpointRouteBuilder MapFrameworkExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin/frameworks/{key}/versions/{number:int}/export", ExportAsync)
            .RequireAuthorization(Permissions.ManageFrameworksPolicy);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string key, int number, AccreditationDbContext db, CancellationToken ct)
    {
        var version = await db.Set<FrameworkVersion>().AsNoTracking().Include(v => v.Framework).Include(v => v.Statements)
            .SingleOrDefaultAsync(v => v.Framework!.Key == key && v.Number == number, ct);
        if (version is null)
        {
            return Results.NotFound();
        }

        var document = FrameworkImport.ToDocument(version.Framework!, version, version.Statements);
        return Results.File(document.ToJsonBytes(), "application/json; charset=utf-8", $"{version.Framework!.Key}-version-{version.Number}.json");
    }
}
