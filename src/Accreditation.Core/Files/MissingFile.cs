using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accreditation.Core.Files;

/// <summary>What the error page tells a person whose file has a record but no bytes in the file store.</summary>
/// <param name="WhatToDo">The next step for them ("Upload it again ...").</param>
public sealed record MissingFileNotice(string WhatToDo);

/// <summary>
/// The answer when a file's record exists but its bytes are not in the file store (a lost volume, a node without the
/// shared folder): 410 with a page saying the file is not available and what to do, and a warning in the log naming
/// the area and file, so an operator can tell a missing mount from a missing file. Never a 500.
/// </summary>
public static class MissingFile
{
    /// <summary>The status it answers with.</summary>
    public const int Status = StatusCodes.Status410Gone;

    /// <summary>The page's heading.</summary>
    public const string Title = "This file is not available";

    /// <summary>Logs the warning and leaves the notice for the error page; returns the status to answer with.</summary>
    public static int Report(HttpContext http, string area, string name, string whatToDo)
    {
        Log(http, area, name);
        http.Features.Set(new MissingFileNotice(whatToDo));
        return Status;
    }

    /// <summary>Logs the warning only (for a page that shows its own message, such as a form's error summary).</summary>
    public static void Log(HttpContext http, string area, string name) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MissingFile).FullName!)
            .LogWarning("File {Name} of area {Area} is not in the file store; answered {Status}. Check the files folder (Files:Path) is mounted on this node.",
                name, area, Status);

    /// <summary>Logs the warning and answers 410 with the error page's notice (for endpoints).</summary>
    public static IResult Result(HttpContext http, string area, string name, string whatToDo) =>
        Results.StatusCode(Report(http, area, name, whatToDo));

    /// <summary>Logs the warning and answers 410 for a file stored by id.</summary>
    public static IResult Result(HttpContext http, FileArea area, Guid id, string whatToDo) =>
        Result(http, area.Area, FileArea.NameOf(id), whatToDo);
}
