using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class HalvesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(Halves.MinRowsToSplit - 1)]
    [InlineData(Halves.MinRowsToSplit)]
    [InlineData(100_001)]
    public void A_split_pass_covers_every_row_once(int rows)
    {
        // Row r counts r into bucket r % 7: a row passed twice or missed changes a bucket.
        var sums = Halves.Run(0, rows, (from, to) =>
        {
            var buckets = new long[7];
            for (var r = from; r < to; r++) buckets[r % 7] += r;
            return buckets;
        }, Halves.Add);
        var expected = new long[7];
        for (var r = 0; r < rows; r++) expected[r % 7] += r;
        Assert.Equal(expected, sums);
    }

    [Fact]
    public void Only_large_tables_are_split()
    {
        var passes = new System.Collections.Concurrent.ConcurrentBag<(int, int)>();
        Halves.Run(0, Halves.MinRowsToSplit - 1, (from, to) => { passes.Add((from, to)); return 0; }, (a, b) => a + b);
        Assert.Equal([(0, Halves.MinRowsToSplit - 1)], passes);
        passes.Clear();
        Halves.Run(100, 10_101, (from, to) => { passes.Add((from, to)); return 0; }, (a, b) => a + b);
        Assert.Equal([(100, 5_100), (5_100, 10_101)], passes.Order());
    }

    [Fact]
    public void A_split_loop_visits_every_index_once()
    {
        var visits = new int[20_000];
        Halves.For(0, visits.Length, (from, to) =>
        {
            for (var i = from; i < to; i++) visits[i]++;
        });
        Assert.All(visits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Int128_sums_add_up() =>
        Assert.Equal([(Int128)3 << 70, 0], Halves.Add([(Int128)1 << 70, 5], [(Int128)2 << 70, -5]));
}
