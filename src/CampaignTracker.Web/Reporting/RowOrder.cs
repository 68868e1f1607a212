namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Table sorting, in memory: SQLite cannot order decimals in SQL (TECH-NOTES). An undefined ratio (null)
/// sorts last in either direction (DESIGN.md, Formulas).
/// </summary>
public static class RowOrder
{
    /// <remarks>Text sorts ordinally: a culture-aware comparison of 50,000 names costs more than the rest of a page.</remarks>
    public static IOrderedEnumerable<T> By<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, bool descending)
    {
        var comparer = typeof(TKey) == typeof(string) ? (IComparer<TKey>)StringComparer.Ordinal : Comparer<TKey>.Default;
        return descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);
    }

    public static IOrderedEnumerable<T> ByRatio<T>(IEnumerable<T> rows, Func<T, decimal?> key, bool descending) =>
        descending ? rows.OrderBy(r => key(r) is null).ThenByDescending(key) : rows.OrderBy(r => key(r) is null).ThenBy(key);
}
