namespace Accreditation.Core.Web;

/// <summary>
/// The pages of a long list, for the GOV.UK pagination component the theme's <c>_Pagination</c> partial draws:
/// previous and next, the first and last page, and two pages either side of this one.
/// </summary>
/// <param name="Current">This page, from 1.</param>
/// <param name="Pages">How many pages there are.</param>
/// <param name="UrlOf">The address of a page.</param>
/// <param name="Label">What the navigation is called for screen readers, e.g. "Pages of people".</param>
public sealed record PageLinks(int Current, int Pages, Func<int, string> UrlOf, string Label);
