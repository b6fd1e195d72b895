using Accreditation.Portfolios.Evidence;
using Accreditation.Portfolios.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Accreditation.Portfolios.Pages.Portfolio;

/// <summary>Uploads a document as evidence; a refused file is explained next to the field and nothing is stored.</summary>
[RequestSizeLimit(UploadLimitsForRequests.MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimitsForRequests.MaxRequestBytes, ValueCountLimit = 20)]
public sealed class UploadModel(CandidatePortfolio portfolios, EvidenceUploads uploads) : PortfolioPageModel(portfolios)
{
    /// <summary>The file.</summary>
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>A title for the document (optional; "Document n" otherwise, never the file's name: markers read it).</summary>
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>The statement to map it to, when the candidate came from a statement.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Statement { get; set; }

    /// <summary>The largest file accepted, for the hint.</summary>
    public string MaxSize => $"{uploads.MaxBytes / (1024 * 1024)} MB";

    /// <summary>How much of the candidate's storage allowance their evidence files take.</summary>
    public StorageUse Storage { get; private set; } = new(0, 0);

    /// <summary>Shows the form.</summary>
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        Storage = await uploads.StorageOfAsync(Portfolio.Enrolment.CandidateId, ct);
        return Page();
    }

    /// <summary>Stores the file as a new document item and opens it, or says why it was refused.</summary>
    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if ((Title?.Trim().Length ?? 0) > 200)
        {
            ModelState.AddModelError(nameof(Title), "Title must be 200 characters or fewer");
        }

        if (Upload is null)
        {
            ModelState.AddModelError(nameof(Upload), "Select a file");
        }
        else if (Upload.Length > uploads.MaxBytes)
        {
            ModelState.AddModelError(nameof(Upload), $"The selected file must be smaller than {MaxSize}");
        }

        if (!ModelState.IsValid)
        {
            Storage = await uploads.StorageOfAsync(Portfolio.Enrolment.CandidateId, ct);
            return Page();
        }

        byte[] content;
        await using (var stream = Upload!.OpenReadStream())
        using (var buffer = new MemoryStream((int)Upload.Length))
        {
            await stream.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        var result = await uploads.AddAsync(Portfolio, Upload.FileName, content, Title ?? "", Statement, ct);
        if (result.Item is null)
        {
            ModelState.AddModelError(nameof(Upload), result.Refusal!);
            Storage = await uploads.StorageOfAsync(Portfolio.Enrolment.CandidateId, ct);
            return Page();
        }

        return RedirectToPage("/Portfolio/Item", new { id = Portfolio.Enrolment.Id, itemId = result.Item.Id });
    }
}
