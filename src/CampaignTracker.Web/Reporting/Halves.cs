namespace CampaignTracker.Web.Reporting;

/// <summary>
/// A pass over many snapshot rows run as two halves on two cores (the machine the product is sized for has two),
/// each half into its own sums, merged after. A cold page's time is mostly such passes over 1.5M daily rows.
/// Only when a core is idle (<see cref="Cores.Both"/>): under load the other core serves another request or an upload.
/// </summary>
public static class Halves
{
    /// <summary>Below this many rows a pass stays on one thread (a split costs ~50 µs and a second set of sums).
    /// Low enough that the demo data of the tests (15,000 daily rows at scale 1) goes through the split.</summary>
    public const int MinRowsToSplit = 8_192;

    /// <summary>
    /// <paramref name="pass"/> over rows [from, to) of rows [<paramref name="start"/>, <paramref name="end"/>) in two
    /// halves, each into sums of its own, then merged by <paramref name="merge"/> (which may add the second into the
    /// first and return it).
    /// </summary>
    public static T Run<T>(int start, int end, Func<int, int, T> pass, Func<T, T, T> merge)
    {
        if (end - start < MinRowsToSplit) return pass(start, end);
        var half = start + (end - start) / 2;
        T first = default!, second = default!;
        Cores.OfProcess.Both(() => first = pass(start, half), () => second = pass(half, end));
        return merge(first, second);
    }

    /// <summary><paramref name="body"/> over rows [from, to) of [<paramref name="start"/>, <paramref name="end"/>) in two halves,
    /// when each row writes only what is its own (e.g. one influencer's payout).</summary>
    public static void For(int start, int end, Action<int, int> body) =>
        Run(start, end, (from, to) => { body(from, to); return true; }, (_, _) => true);

    /// <summary>Adds <paramref name="more"/> into <paramref name="sums"/>, element by element, and returns it (counts, units, Int128 rupee fractions).</summary>
    public static T[] Add<T>(T[] sums, T[] more) where T : System.Numerics.IAdditionOperators<T, T, T>
    {
        for (var i = 0; i < sums.Length; i++) sums[i] += more[i];
        return sums;
    }
}
