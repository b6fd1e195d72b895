namespace Accreditation.Core.Web;

/// <summary>
/// The pages of a long list, for the GOV.UK pagination component the theme's <c>_Pagination</c> partial draws:
/// previous and next, the first and last page, and two pages either side of this one (a list may ask for fewer).
/// </summary>
/// <param name="Current">This page, from 1.</param>
/// <param name="Pages">How many pages there are.</param>
/// <param name="UrlOf">The address of a page.</param>
/// <param name="Label">What the navigation is called for screen readers, e.g. "Pages of people".</param>
public sealed record PageLinks(int Current, int Pages, Func<int, string> UrlOf, string Label)
{
    /// <summary>How many pages a list of <paramref name="total"/> items shows <paramref name="pageSize"/> at a time: at least one, so an empty list has a page to say so.</summary>
    public static int PagesFor(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    /// <summary>
    /// The length of a whole list known from one of its pages, without counting it: a page that is not full is the
    /// last, so the list holds the items before it and on it. Null when it cannot be known that way (a full page, or an
    /// empty page after the first, which may lie beyond the end): count the list then.
    /// </summary>
    /// <param name="skip">Items before the page.</param>
    /// <param name="pageSize">Items a page holds at most.</param>
    /// <param name="shown">Items on the page.</param>
    public static int? TotalFromPage(int skip, int pageSize, int shown) =>
        shown < pageSize && (shown > 0 || skip == 0) ? skip + shown : null;

    /// <summary>How many pages are linked either side of this one; with 0 and no <see cref="Ends"/>, only previous and next are.</summary>
    public int Around { get; init; } = 2;

    /// <summary>Whether the first and last pages are linked too, with an ellipsis for the pages left out.</summary>
    public bool Ends { get; init; } = true;

    /// <summary>Whether the pages are listed by number, not only previous and next.</summary>
    public bool Numbered => Around > 0 || Ends;

    /// <summary>Whether page <paramref name="page"/> is linked by its number.</summary>
    public bool Links(int page) => Math.Abs(page - Current) <= Around || (Ends && (page == 1 || page == Pages));

    /// <summary>Whether an ellipsis stands for the pages left out next to <paramref name="page"/>.</summary>
    public bool Elides(int page) => Ends && Math.Abs(page - Current) == Around + 1;
}
