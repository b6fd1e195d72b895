namespace Accreditation.Identity.Pages.Account;

/// <summary>
/// The one answer to every failed sign-in (unknown email, wrong password, locked or deactivated account), so the page
/// never tells whether an account exists or is locked; it says what a locked person can do.
/// </summary>
public static class SignInFailure
{
    /// <summary>The error next to the email field and in the error summary.</summary>
    public const string Message = "Enter a correct email address and password";

    /// <summary>What to do if it keeps failing, shown under the error.</summary>
    public const string Advice = "After 5 wrong attempts an account is locked for 15 minutes. If you have tried several times, wait 15 minutes and try again, or reset your password.";
}
