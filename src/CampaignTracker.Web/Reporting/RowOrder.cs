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

    /// <summary>
    /// The first <paramref name="count"/> rows in <paramref name="order"/>, as <c>OrderBy(order).Take(count)</c> gives
    /// them (ties in source order), in one pass that keeps the best so far: most rows are compared with the weakest
    /// kept and go no further, instead of every row's key being computed and sorted.
    /// </summary>
    public static List<T> Top<T>(IEnumerable<T> rows, int count, Comparison<T> order)
    {
        // The weakest kept is first out: reverse order, and the later of two equal rows is the weaker.
        var kept = new PriorityQueue<T, (T Row, int Index)>(Comparer<(T Row, int Index)>.Create((a, b) =>
            order(b.Row, a.Row) is var c && c != 0 ? c : b.Index.CompareTo(a.Index)));
        var index = 0;
        foreach (var row in rows)
        {
            if (kept.Count < count) kept.Enqueue(row, (row, index));
            else if (count > 0 && kept.TryPeek(out _, out var weakest) && order(row, weakest.Row) < 0) kept.EnqueueDequeue(row, (row, index));
            index++;
        }
        var top = new List<T>(kept.Count);
        while (kept.TryDequeue(out var row, out _)) top.Add(row);
        top.Reverse();
        return top;
    }
}
