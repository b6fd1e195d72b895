namespace Accreditation.Core.Files;

/// <summary>
/// Telling a file store that could not take a file (its disk or volume full, its quota spent) from other input and output
/// failures, and what a person is told then: the store leaves nothing half-written, so nothing of theirs was kept and
/// they can try again once an operator has made room.
/// </summary>
public static class StorageFull
{
    /// <summary>What a person whose file could not be stored for want of space is told (a GOV.UK error message, no full stop).</summary>
    public const string Message =
        "The file could not be saved because the service's file storage is full. Nothing was saved. Try again later; if this keeps happening, contact the service desk";

    // ENOSPC and EDQUOT on Linux (the error number is the exception's HResult there), ERROR_HANDLE_DISK_FULL and
    // ERROR_DISK_FULL on Windows (as HResults).
    private static readonly HashSet<int> Codes = [28, 122, unchecked((int)0x80070027), unchecked((int)0x80070070)];

    /// <summary>Whether the failure means the store has no room for the file.</summary>
    public static bool Is(Exception exception) =>
        exception is IOException io && (Codes.Contains(io.HResult) || io.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase));
}
