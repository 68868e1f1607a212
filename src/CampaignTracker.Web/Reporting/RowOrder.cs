namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Table sorting, in memory: SQLite cannot order decimals in SQL (TECH-NOTES). An undefined ratio (null)
/// sorts last in either direction (DESIGN.md, Formulas).
/// </summary>
public static class RowOrder
{
    public static IOrderedEnumerable<T> By<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    public static IOrderedEnumerable<T> ByRatio<T>(IEnumerable<T> rows, Func<T, decimal?> key, bool descending) =>
        descending ? rows.OrderBy(r => key(r) is null).ThenByDescending(key) : rows.OrderBy(r => key(r) is null).ThenBy(key);
}
