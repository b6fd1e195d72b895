using Accreditation.Core.Files;
using Accreditation.Documents;

namespace Accreditation.Portfolios.Uploads;

/// <summary>Evidence files: the file store's "portfolio-files" area, named by id (see <see cref="IFileStore"/>).</summary>
public sealed class PortfolioFileStore(IFileStore files) : FileArea(files, "portfolio-files");

/// <summary>The upload limits from configuration (Portfolios:MaxUploadBytes, default 20 MB; Portfolios:StorageQuotaBytes, default 200 MB).</summary>
public sealed class PortfolioUploadOptions
{
    /// <summary>The largest file accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The most a candidate's evidence files may take together, in bytes (the files their portfolios' items hold).</summary>
    public long StorageQuotaBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The limits for <see cref="UploadInspector"/>.</summary>
    public UploadLimits Limits => UploadLimits.Default with { MaxBytes = MaxUploadBytes };
}
