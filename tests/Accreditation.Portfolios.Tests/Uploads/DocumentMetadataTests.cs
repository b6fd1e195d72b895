using Accreditation.Documents;
using Accreditation.Testing;
using DocumentFormat.OpenXml.Packaging;

namespace Accreditation.Portfolios.Tests.Uploads;

/// <summary>
/// What stripping leaves in a file: for blind marking, nothing that names the author anywhere in it (properties, template
/// path, header, footer, footnote, comment, tracked changes, pictures' EXIF); for a CPD attachment, the content as written.
/// </summary>
public sealed class DocumentMetadataTests
{
    private static readonly Author Zebedee = new("Zebedee Quillfeather", "zebedee.q@quillshire.example.gov.uk", "Quillshire Borough Council");

    private static readonly string[] Secrets = [Zebedee.Name, "Quillfeather", Zebedee.Email, Zebedee.Organisation, "Quillshire", "zebedee-evidence-final"];

    [Fact]
    public void A_word_document_for_blind_marking_keeps_its_text_and_nothing_that_names_its_author()
    {
        var original = IdentifyingDocuments.Docx(Zebedee, "zebedee-evidence-final.docx");
        Assert.NotEmpty(IdentifyingDocuments.Betrayals(original, Secrets)); // the test file does name him, everywhere

        var stripped = DocumentMetadata.Strip(UploadType.Docx, original, Anonymising.ForBlindMarking);

        Assert.True(stripped.IsStripped, stripped.Refusal);
        Assert.Empty(IdentifyingDocuments.Betrayals(stripped.Content!, Secrets));
        Assert.Contains(IdentifyingDocuments.DocxBody, DocumentMetadata.ExtractText(UploadType.Docx, stripped.Content!), StringComparison.Ordinal);
        Assert.Contains("Inserted in review.", DocumentMetadata.ExtractText(UploadType.Docx, stripped.Content!), StringComparison.Ordinal);
        Assert.True(UploadInspector.Inspect("again.docx", stripped.Content!, UploadLimits.Default).IsAccepted);
        using var reopened = WordprocessingDocument.Open(new MemoryStream(stripped.Content!), false);
        Assert.Empty(reopened.MainDocumentPart!.HeaderParts);
        Assert.Empty(reopened.MainDocumentPart.FooterParts);
    }

    [Fact]
    public void A_pdf_for_blind_marking_keeps_its_text_and_loses_its_document_information()
    {
        var original = IdentifyingDocuments.Pdf(Zebedee, "zebedee-evidence-final.pdf");
        Assert.NotEmpty(IdentifyingDocuments.Betrayals(original, Secrets));

        var stripped = DocumentMetadata.Strip(UploadType.Pdf, original, Anonymising.ForBlindMarking);

        Assert.True(stripped.IsStripped, stripped.Refusal);
        Assert.Empty(IdentifyingDocuments.Betrayals(stripped.Content!, Secrets));
        Assert.Contains(IdentifyingDocuments.PdfBody, DocumentMetadata.ExtractText(UploadType.Pdf, stripped.Content!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpd_attachment_keeps_its_header_footnote_and_a_pdf_that_cannot_be_rewritten_but_loses_its_properties()
    {
        var docx = DocumentMetadata.Strip(UploadType.Docx, IdentifyingDocuments.Docx(Zebedee, "cpd.docx"), Anonymising.Metadata);
        var pdf = DocumentMetadata.Strip(UploadType.Pdf, TestFiles.PdfThatCannotBeRewritten(), Anonymising.Metadata);

        Assert.True(docx.IsStripped, docx.Refusal);
        var text = DocumentMetadata.ExtractText(UploadType.Docx, docx.Content!);
        Assert.Contains($"Prepared by {Zebedee.Name}", text, StringComparison.Ordinal);
        Assert.Contains($"Data gathered by {Zebedee.Name}", text, StringComparison.Ordinal);
        using var reopened = WordprocessingDocument.Open(new MemoryStream(docx.Content!), false);
        Assert.Null(reopened.PackageProperties.Creator);
        Assert.Null(reopened.ExtendedFilePropertiesPart);
        Assert.Null(reopened.MainDocumentPart!.WordprocessingCommentsPart);
        Assert.True(pdf.IsStripped);
        Assert.Equal(TestFiles.PdfThatCannotBeRewritten(), pdf.Content);
    }

    [Fact]
    public void The_png_checksum_is_the_framework_crc32()
    {
        // The chunk checksum PNG writers compute (here by the test's own table-free loop) is what System.IO.Hashing gives.
        Assert.Equal(0xCBF43926u, UploadInspector.Crc32("123456789"u8));
        Assert.True(UploadInspector.Inspect("chart.png", TestFiles.Png(), UploadLimits.Default).IsAccepted);
    }
}
